//! An article's alinéas cut into sub-sections at its numbered headings: the first numbering
//! met (`I. `, say) opens a sub-section at each alinéa numbered that way, and the same happens
//! inside each sub-section with the numberings left (`A. `, then `1. `…).
//!
//! Not every numbered alinéa is a heading: texts also number the items of their lists. Two
//! signs tell them apart, so that a list stays inside the section that holds it:
//! - an item of a list ends with a semicolon (« 1° Hauteur maximale : 8 mètres ; »): a
//!   numbering some of whose alinéas do is a list, and opens no sub-section;
//! - headings count up: an alinéa whose number does not follow the previous heading's (« 1. »
//!   after « 7. ») belongs to a list inside that heading's section.

use super::html::Alinea;
use super::new_section;
use super::numbering::{NumberingPattern, numbering_pattern};
use crate::am::{EnrichedString, Section};

/// Alinéas with the numbering each one opens with, if any.
type Lines = Vec<(Alinea, Option<NumberingPattern>)>;

/// The alinéas before the first heading, and the sub-sections; with `detect_headings` false,
/// every alinéa stays an outer one.
pub(super) fn structure(
    alineas: Vec<Alinea>,
    detect_headings: bool,
) -> (Vec<EnrichedString>, Vec<Section>) {
    let lines = alineas
        .into_iter()
        .map(|alinea| {
            let pattern = match &alinea {
                Alinea::Text(text) if detect_headings => numbering_pattern(&text.plain()),
                _ => None,
            };
            (alinea, pattern)
        })
        .collect();
    split(lines, 0, None)
}

/// Headings nest this deep at most; below, numbered alinéas stay alinéas. A list item may be
/// a heading further down (`1. ` under `I. ` under `3.7. `), so numberings come back at deeper
/// levels, and only this bounds the recursion on a text numbered against all sense.
const MAX_LEVELS: usize = 16;

/// `parent`: the numbering of the heading these lines are the body of. Its items here are a
/// list inside that heading's section (« 1. » and « 2. » under « 7. »), not sub-sections; they
/// may still be headings further down, below another numbering.
fn split(
    lines: Lines,
    level: usize,
    parent: Option<NumberingPattern>,
) -> (Vec<EnrichedString>, Vec<Section>) {
    let opening = lines
        .iter()
        .filter_map(|(_, pattern)| *pattern)
        .find(|pattern| Some(*pattern) != parent);
    let Some(opening) = opening.filter(|_| level < MAX_LEVELS) else {
        let outer = lines.into_iter().map(|(alinea, _)| alinea.into_enriched());
        return (outer.collect(), Vec::new());
    };
    let headings = headings(&lines, opening);
    // Lettered items ending with a semicolon are kept as sections all the same: editors attach
    // conditions to each of them (TREP1835514A's article 14, a) to e)).
    let is_list = opening != NumberingPattern::Letters
        && lines.iter().zip(&headings).any(|((alinea, _), &heading)| {
            heading
                && alinea
                    .text()
                    .is_some_and(|text| text.trim_end().ends_with(';'))
        });
    if is_list {
        let unnumbered = lines
            .into_iter()
            .map(|(alinea, pattern)| (alinea, pattern.filter(|pattern| *pattern != opening)));
        return split(unnumbered.collect(), level, parent);
    }
    let mut outer = Vec::new();
    let mut groups: Vec<(Alinea, Lines)> = Vec::new();
    for ((alinea, pattern), heading) in lines.into_iter().zip(headings) {
        if heading {
            groups.push((alinea, Vec::new()));
        } else if let Some((_, body)) = groups.last_mut() {
            body.push((alinea, pattern));
        } else {
            outer.push(alinea.into_enriched());
        }
    }
    let sections = groups
        .into_iter()
        .map(|(heading, body)| {
            let (outer, sections) = split(body, level + 1, Some(opening));
            new_section(heading.into_title(), outer, sections)
        })
        .collect();
    (outer, sections)
}

/// Which lines numbered with `opening` are headings: those whose numbers count up. One that
/// does not (« 1. » after « 7. ») starts a list inside the last heading's section, and the
/// items that follow it in sequence (« 2. », even « 8. » after « 7. ») belong to that list.
fn headings(lines: &Lines, opening: NumberingPattern) -> Vec<bool> {
    let (mut heading, mut item): (Option<Vec<u32>>, Option<Vec<u32>>) = (None, None);
    let mut headings = Vec::with_capacity(lines.len());
    for (alinea, pattern) in lines {
        let rank = match (*pattern == Some(opening)).then(|| alinea.text()).flatten() {
            Some(text) => opening.rank(&text),
            None => {
                headings.push(false);
                continue;
            }
        };
        let Some(rank) = rank else {
            // A numbering that does not count (annexes): every one is a heading.
            headings.push(true);
            continue;
        };
        let continues_list = item.as_ref().is_some_and(|item| rank == successor(item));
        let is_heading = !continues_list && heading.as_ref().is_none_or(|last| &rank > last);
        if is_heading {
            (heading, item) = (Some(rank), None);
        } else {
            item = Some(rank);
        }
        headings.push(is_heading);
    }
    headings
}

/// The number after `rank`: its last part plus one.
fn successor(rank: &[u32]) -> Vec<u32> {
    let mut next = rank.to_vec();
    if let Some(last) = next.last_mut() {
        *last += 1;
    }
    next
}

#[cfg(test)]
mod tests {
    use super::super::rich_text::RichText;
    use super::*;

    fn alineas(texts: &[&str]) -> Vec<Alinea> {
        texts
            .iter()
            .map(|text| {
                let mut rich = RichText::default();
                rich.push_text(text);
                Alinea::Text(rich)
            })
            .collect()
    }

    fn titles(sections: &[Section]) -> Vec<&str> {
        sections.iter().map(|s| s.title.text.as_str()).collect()
    }

    #[test]
    fn roman_headings_hold_the_lettered_ones() {
        let (outer, sections) = structure(
            alineas(&[
                "I. Foo", "A. pi", "hola", "B. pa", "quetal", "C. po", "II. Bar",
            ]),
            true,
        );
        assert!(outer.is_empty());
        assert_eq!(titles(&sections), ["I. Foo", "II. Bar"]);
        assert_eq!(titles(&sections[0].sections), ["A. pi", "B. pa", "C. po"]);
        assert_eq!(sections[0].sections[0].outer_alineas[0].text, "hola");
        assert!(sections[1].sections.is_empty());
    }

    #[test]
    fn alineas_before_the_first_heading_stay_outside() {
        let (outer, sections) = structure(alineas(&["intro", "1. un", "texte", "2. deux"]), true);
        assert_eq!(outer.len(), 1);
        assert_eq!(titles(&sections), ["1. un", "2. deux"]);
        assert_eq!(sections[0].outer_alineas.len(), 1);
    }

    #[test]
    fn a_list_numbered_like_the_headings_stays_in_its_section() {
        let (_, sections) = structure(
            alineas(&[
                "6. Six",
                "7. Sept",
                "dans les cas suivants :",
                "1. premier cas",
                "2. second cas",
                "8. Huit",
            ]),
            true,
        );
        assert_eq!(titles(&sections), ["6. Six", "7. Sept", "8. Huit"]);
        let texts: Vec<&str> = sections[1]
            .outer_alineas
            .iter()
            .map(|a| a.text.as_str())
            .collect();
        assert_eq!(
            texts,
            ["dans les cas suivants :", "1. premier cas", "2. second cas"]
        );
        assert!(
            sections[1].sections.is_empty(),
            "a list below its heading is no sub-section"
        );
    }

    #[test]
    fn the_items_following_a_list_in_sequence_belong_to_it() {
        let lines = [
            "1. Un", "2. Deux", "1. item", "2. item", "3. item", "3. Trois",
        ];
        let (_, sections) = structure(alineas(&lines), true);
        assert_eq!(titles(&sections), ["1. Un", "2. Deux", "3. Trois"]);
        assert_eq!(
            sections[1].outer_alineas.len(),
            3,
            "« 3. item » goes on the list"
        );
    }

    #[test]
    fn items_ending_with_a_semicolon_are_a_list_unless_lettered() {
        let lines = ["Conditions :", "1° hauteur : 8 m ;", "2° allées : 2 m."];
        let (outer, sections) = structure(alineas(&lines), true);
        assert_eq!((outer.len(), sections.len()), (3, 0));
        let lines = [
            "Il dispose :",
            "a) d'un moyen d'alerte ;",
            "b) d'extincteurs.",
        ];
        let (outer, sections) = structure(alineas(&lines), true);
        assert_eq!(
            titles(&sections),
            ["a) d'un moyen d'alerte ;", "b) d'extincteurs."]
        );
        assert_eq!(outer.len(), 1);
    }

    #[test]
    fn a_list_item_is_a_heading_again_further_down() {
        let lines = [
            "1. Un",
            "2. Deux",
            "2.1. Consignes",
            "I. – Entretien",
            "1. Généralités",
            "texte",
            "2. Surveillance",
            "3. Rapport",
            "II. – Actions",
            "3. Trois",
        ];
        let (_, sections) = structure(alineas(&lines), true);
        assert_eq!(titles(&sections), ["1. Un", "2. Deux", "3. Trois"]);
        let consignes = &sections[1].sections[0];
        assert_eq!(
            titles(&consignes.sections),
            ["I. – Entretien", "II. – Actions"]
        );
        assert_eq!(
            titles(&consignes.sections[0].sections),
            ["1. Généralités", "2. Surveillance", "3. Rapport"]
        );
    }

    #[test]
    fn headings_nest_no_deeper_than_the_bound_however_the_text_is_numbered() {
        // Two numberings counting down in turn: each line would open a level inside the last.
        let numbers: Vec<String> = (1..=500)
            .rev()
            .flat_map(|n| [format!("{n}. Point"), format!("{n}° point")])
            .collect();
        let lines: Vec<&str> = numbers.iter().map(String::as_str).collect();
        let (_, sections) = structure(alineas(&lines), true);
        let mut depth = 0;
        let mut level = &sections;
        while let Some(first) = level.first() {
            depth += 1;
            level = &first.sections;
        }
        assert_eq!(depth, MAX_LEVELS);
    }

    #[test]
    fn without_heading_detection_everything_is_an_outer_alinea() {
        let (outer, sections) = structure(alineas(&["I. Foo", "A. pi"]), false);
        assert_eq!(outer.len(), 2);
        assert!(sections.is_empty());
    }
}
