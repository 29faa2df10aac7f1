//! The edited sections turned into the AM's sections: a section that continues a stored one
//! keeps its id and what hangs on it, and whatever the editor left unchanged is kept as stored.

use super::lines::{alinea_line, one_line};
use super::parse::{ParsedAlinea, ParsedSection};
use crate::am::{EnrichedString, Section};
use crate::legifrance::ids::IdGenerator;
use crate::legifrance::new_section;
use std::collections::{HashMap, VecDeque};

/// The sections of `edited`, whose pre-order is that of `continued` (the stored section each
/// continues, if any); the others get ids from `ids`.
pub(super) fn rebuild(
    edited: &[ParsedSection],
    continued: &[Option<&Section>],
    ids: &mut IdGenerator,
) -> Vec<Section> {
    let mut next = continued.iter().copied();
    rebuild_level(edited, &mut next, ids)
}

/// One level of the tree (the tree is at most `MAX_LEVEL` deep).
fn rebuild_level<'a>(
    edited: &[ParsedSection],
    continued: &mut impl Iterator<Item = Option<&'a Section>>,
    ids: &mut IdGenerator,
) -> Vec<Section> {
    edited
        .iter()
        .map(|section| {
            let stored = continued.next().flatten();
            let children = rebuild_level(&section.sections, continued, ids);
            match stored {
                Some(stored) => continue_section(stored, section, children),
                None => {
                    let title = EnrichedString {
                        text: section.title.clone(),
                        ..EnrichedString::default()
                    };
                    let alineas = section.alineas.iter().map(|a| a.content.clone()).collect();
                    let mut fresh = new_section(title, alineas, children);
                    fresh.id = ids.fresh();
                    fresh
                }
            }
        })
        .collect()
}

/// The stored section with the edited content. Its id, topic, applicability and
/// parametrization stay; its title and reference stay only if the title is unchanged (a
/// reference names the title); each alinéa whose line is unchanged stays as stored, with its
/// links and exact spacing.
fn continue_section(stored: &Section, edited: &ParsedSection, children: Vec<Section>) -> Section {
    let same_title = one_line(&stored.title.text) == edited.title;
    let title = if same_title {
        stored.title.clone()
    } else {
        EnrichedString {
            text: edited.title.clone(),
            ..EnrichedString::default()
        }
    };
    Section {
        id: stored.id.clone(),
        title,
        outer_alineas: keep_stored_alineas(&stored.outer_alineas, &edited.alineas),
        sections: children,
        applicability: stored.applicability.clone(),
        reference: stored.reference.clone().filter(|_| same_title),
        reference_str: stored.reference_str.clone().filter(|_| same_title),
        annotations: stored.annotations.clone(),
        parametrization: stored.parametrization.clone(),
    }
}

/// The edited alinéas, each replaced by the first unused stored alinéa whose line the editor
/// left as it was shown (a table's line, read back, may not give the same HTML again).
fn keep_stored_alineas(stored: &[EnrichedString], edited: &[ParsedAlinea]) -> Vec<EnrichedString> {
    let mut by_line: HashMap<String, VecDeque<&EnrichedString>> = HashMap::new();
    for alinea in stored {
        by_line
            .entry(alinea_line(alinea))
            .or_default()
            .push_back(alinea);
    }
    edited
        .iter()
        .map(|alinea| {
            by_line
                .get_mut(&alinea.line)
                .and_then(VecDeque::pop_front)
                .unwrap_or(&alinea.content)
                .clone()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::am::Link;

    fn text(text: &str) -> EnrichedString {
        EnrichedString {
            text: text.to_string(),
            ..EnrichedString::default()
        }
    }

    fn edited(text: &str) -> ParsedAlinea {
        ParsedAlinea {
            line: text.to_string(),
            content: self::text(text),
        }
    }

    #[test]
    fn an_unchanged_alinea_keeps_its_links_and_a_changed_one_is_taken_as_written() {
        let linked = EnrichedString {
            links: Some(vec![Link {
                target: "https://www.legifrance.gouv.fr/x".into(),
                position: 4,
                content_size: 6,
            }]),
            ..text("Vu l’arrêté\ndu 1er juin.")
        };
        let stored = [linked.clone(), text("Deux.")];
        let edited = [edited("Deux !"), edited("Vu l’arrêté du 1er juin.")];
        assert_eq!(
            keep_stored_alineas(&stored, &edited),
            [text("Deux !"), linked]
        );
    }

    #[test]
    fn repeated_alineas_are_kept_once_each_in_order() {
        let stored = [
            EnrichedString {
                inactive: Some(true),
                ..text("Idem.")
            },
            text("Idem."),
        ];
        let edited = [edited("Idem."), edited("Idem."), edited("Idem.")];
        let kept = keep_stored_alineas(&stored, &edited);
        assert_eq!(kept[..2], stored);
        assert_eq!(kept[2], text("Idem."));
    }
}
