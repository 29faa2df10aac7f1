//! What the parametrization overview shows of an AM: its section tree with a card per element,
//! the elements whose section is gone, the AM-level applicability and the list of conditions.

use super::Kind;
use envinorma_core::am::Section;
use envinorma_core::authoring::structure::{DiffLine, diff_lines};
use envinorma_core::authoring::{AmDocuments, alternative_content};
use std::collections::HashMap;

/// One element, as its card shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub kind: Kind,
    pub id: String,
    pub body: CardBody,
}

/// What a card says of its element.
#[derive(Debug, Clone, PartialEq)]
pub enum CardBody {
    Inapplicability {
        /// « Oui » or « Non ».
        subsections: &'static str,
        /// « Tous », or the alinéas from 1: « 1, 3 ».
        alineas: String,
        condition: String,
    },
    Alternative {
        condition: String,
        /// The section's text against the alternative one, line by line.
        lines: Vec<DiffLine>,
    },
    Warning {
        text: String,
    },
}

/// A section of the tree with its cards.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionCards {
    pub id: String,
    /// 0 for a top section.
    pub depth: usize,
    pub title: String,
    pub cards: Vec<Card>,
}

impl SectionCards {
    /// The DSFR left margin of its depth (two steps a level, at most 12).
    pub fn indent(&self) -> String {
        format!("fr-ml-{}w", (self.depth * 2).min(12))
    }
}

/// An element whose section the text no longer has.
#[derive(Debug, Clone, PartialEq)]
pub struct LostCard {
    pub section_id: String,
    /// The section's titles, when the text kept them (`orphan_titles`).
    pub titles: Option<String>,
    pub card: Card,
}

/// A condition and the sections it targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionTargets {
    pub condition: String,
    /// (section id, title) of each section, once.
    pub sections: Vec<(String, String)>,
}

/// The overview of an AM's parametrization.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    pub lost: Vec<LostCard>,
    pub am_warnings: Vec<String>,
    /// The AM-level condition of inapplicability, as `to_str` writes it.
    pub am_condition: Option<String>,
    pub conditions: Vec<ConditionTargets>,
    pub sections: Vec<SectionCards>,
}

impl Overview {
    pub fn of(documents: &AmDocuments) -> Overview {
        let text = &documents.text;
        let sections: HashMap<&str, &Section> = text
            .all_sections()
            .map(|(_, section)| (section.id.as_str(), section))
            .collect();
        let mut cards: Vec<(&str, Card)> = Vec::new();
        let mut conditions: Vec<ConditionTargets> = Vec::new();
        let mut target = |condition: String, section_id: &str| {
            let title = sections
                .get(section_id)
                .map_or_else(|| section_id.to_owned(), |s| s.title.text.clone());
            let at = match conditions.iter().position(|c| c.condition == condition) {
                Some(at) => at,
                None => {
                    conditions.push(ConditionTargets {
                        condition: condition.clone(),
                        sections: Vec::new(),
                    });
                    conditions.len() - 1
                }
            };
            let targets = &mut conditions[at].sections;
            if !targets.iter().any(|(id, _)| id == section_id) {
                targets.push((section_id.to_owned(), title));
            }
            condition
        };
        let parametrization = &documents.parametrization;
        for element in &parametrization.inapplicable_sections {
            let alineas = match &element.alineas {
                None => "Tous".to_owned(),
                Some(alineas) => alineas
                    .iter()
                    .map(|alinea| (alinea + 1).to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            let body = CardBody::Inapplicability {
                subsections: if element.subsections_are_inapplicable {
                    "Oui"
                } else {
                    "Non"
                },
                alineas,
                condition: target(element.condition.to_str(), &element.section_id),
            };
            cards.push((
                element.section_id.as_str(),
                card(Kind::Inapplicability, &element.id, body),
            ));
        }
        for element in &parametrization.alternative_sections {
            let current = sections
                .get(element.section_id.as_str())
                .map(|section| alternative_content(section))
                .unwrap_or_default();
            let lines = |text: &str| text.lines().map(str::to_owned).collect::<Vec<_>>();
            let body = CardBody::Alternative {
                condition: target(element.condition.to_str(), &element.section_id),
                lines: diff_lines(
                    &lines(&current),
                    &lines(&alternative_content(&element.new_text)),
                )
                .lines,
            };
            cards.push((
                element.section_id.as_str(),
                card(Kind::Alternative, &element.id, body),
            ));
        }
        for element in &parametrization.warnings {
            let body = CardBody::Warning {
                text: element.text.clone(),
            };
            cards.push((
                element.section_id.as_str(),
                card(Kind::Warning, &element.id, body),
            ));
        }
        let mut by_section: HashMap<&str, Vec<Card>> = HashMap::new();
        let mut lost = Vec::new();
        for (section_id, card) in cards {
            if sections.contains_key(section_id) {
                by_section.entry(section_id).or_default().push(card);
            } else {
                lost.push(LostCard {
                    section_id: section_id.to_owned(),
                    titles: text
                        .orphan_titles
                        .as_ref()
                        .and_then(|orphans| orphans.get(section_id))
                        .map(|titles| titles.join(" › ")),
                    card,
                });
            }
        }
        Overview {
            lost,
            am_warnings: text.applicability.warnings.clone(),
            am_condition: text
                .applicability
                .condition_of_inapplicability
                .as_ref()
                .map(|condition| condition.to_str()),
            conditions,
            sections: text
                .all_sections()
                .map(|(depth, section)| SectionCards {
                    id: section.id.clone(),
                    depth,
                    title: section.title.text.clone(),
                    cards: by_section.remove(section.id.as_str()).unwrap_or_default(),
                })
                .collect(),
        }
    }
}

fn card(kind: Kind, id: &str, body: CardBody) -> Card {
    Card {
        kind,
        id: id.to_owned(),
        body,
    }
}
