//! The flat index of every alinéa of an AM: what prescriptions are picked from.

use crate::am::{ArreteMinisteriel, Section};
use crate::topics::NO_TOPIC;
use std::borrow::Cow;

/// One outer alinéa of one section, at any depth.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexedAlinea<'a> {
    pub section_id: &'a str,
    /// Position among the section's outer alinéas.
    pub index_in_section: usize,
    pub section_name: &'a str,
    pub section_reference: Option<&'a str>,
    /// The section's index path, dotted: `"0.1.2"`.
    pub section_rank: String,
    /// The outermost topic on the way down from the root, else `AUCUN`.
    pub topic: &'a str,
    /// The alinéa's text, or its table as JSON.
    pub content: Cow<'a, str>,
    pub is_table: bool,
}

/// The rows of the outer alinéas of `shown` (a section, or the version that replaces it),
/// filed under the stored section's id.
pub fn section_alineas<'a>(
    section_id: &'a str,
    shown: &'a Section,
    rank: &str,
    topic: &'a str,
) -> impl Iterator<Item = IndexedAlinea<'a>> {
    shown
        .outer_alineas
        .iter()
        .enumerate()
        .map(move |(index_in_section, alinea)| {
            let (content, is_table) = match alinea.table() {
                // A table always serialises: it holds only strings, numbers and booleans.
                Some(table) => (
                    Cow::Owned(serde_json::to_string(table).unwrap_or_default()),
                    true,
                ),
                None => (Cow::Borrowed(alinea.text.as_str()), false),
            };
            IndexedAlinea {
                section_id,
                index_in_section,
                section_name: &shown.title.text,
                section_reference: shown.reference_label(),
                section_rank: rank.to_string(),
                topic,
                content,
                is_table,
            }
        })
}

/// Every outer alinéa of every section of the AM, in pre-order.
pub fn alinea_index(am: &ArreteMinisteriel) -> Vec<IndexedAlinea<'_>> {
    let mut rows = Vec::new();
    for (position, section) in am.sections.iter().enumerate() {
        index_section(section, position.to_string(), None, &mut rows);
    }
    rows
}

fn index_section<'a>(
    section: &'a Section,
    rank: String,
    inherited: Option<&'a str>,
    rows: &mut Vec<IndexedAlinea<'a>>,
) {
    let topic = inherited.or(section.topic());
    rows.extend(section_alineas(
        &section.id,
        section,
        &rank,
        topic.unwrap_or(NO_TOPIC),
    ));
    for (position, child) in section.sections.iter().enumerate() {
        index_section(child, format!("{rank}.{position}"), topic, rows);
    }
}
