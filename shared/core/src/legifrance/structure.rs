//! An article's alinéas cut into sub-sections at its numbered headings: the first numbering
//! met (`I. `, say) opens a sub-section at each alinéa numbered that way, and the same happens
//! inside each sub-section with the numberings left (`A. `, then `1. `…).

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
    split(lines)
}

/// Recursion is bounded: below a heading, no alinéa has that heading's numbering left, so each
/// level uses up one of the sixteen numberings.
fn split(lines: Lines) -> (Vec<EnrichedString>, Vec<Section>) {
    let Some(opening) = lines.iter().find_map(|(_, pattern)| *pattern) else {
        let outer = lines.into_iter().map(|(alinea, _)| alinea.into_enriched());
        return (outer.collect(), Vec::new());
    };
    let mut outer = Vec::new();
    let mut groups: Vec<(Alinea, Lines)> = Vec::new();
    for (alinea, pattern) in lines {
        if pattern == Some(opening) {
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
            let (outer, sections) = split(body);
            new_section(heading.into_title(), outer, sections)
        })
        .collect();
    (outer, sections)
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
    fn without_heading_detection_everything_is_an_outer_alinea() {
        let (outer, sections) = structure(alineas(&["I. Foo", "A. pi"]), false);
        assert_eq!(outer.len(), 2);
        assert!(sections.is_empty());
    }
}
