//! What an edit loses: the stored sections no edited section continues, with the topic and the
//! parametrization elements that named them.

use crate::am::ArreteMinisteriel;
use crate::authoring::Parametrization;
use std::collections::{BTreeMap, HashSet};

/// A stored section that the edit removes, and what goes with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Orphan {
    /// The section's id.
    pub section_id: String,
    /// Its titles from the top section down to its own, as stored.
    pub titles: Vec<String>,
    /// Its topic, if it had one.
    pub topic: Option<String>,
    /// The parametrization elements that target it, which will target nothing.
    pub parametrization: Parametrization,
}

/// Every stored section an edit removes, in reading order: what the confirmation before saving
/// lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Orphans {
    /// The removed sections.
    pub sections: Vec<Orphan>,
}

impl Orphans {
    /// The sections of `stored` whose id is not in `kept`.
    pub(super) fn of(
        stored: &ArreteMinisteriel,
        parametrization: &Parametrization,
        kept: &HashSet<&str>,
    ) -> Orphans {
        let mut path: Vec<String> = Vec::new();
        let mut sections = Vec::new();
        for (depth, section) in stored.all_sections() {
            path.truncate(depth);
            path.push(section.title.text.clone());
            if !kept.contains(section.id.as_str()) {
                sections.push(Orphan {
                    section_id: section.id.clone(),
                    titles: path.clone(),
                    topic: section.topic().map(str::to_string),
                    parametrization: parametrization.targeting(&section.id),
                });
            }
        }
        Orphans { sections }
    }

    /// Whether the edit removes no section.
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }

    /// `orphan_titles` with these sections' title paths added.
    pub(super) fn merged_into(
        &self,
        orphan_titles: Option<&BTreeMap<String, Vec<String>>>,
    ) -> Option<BTreeMap<String, Vec<String>>> {
        if self.is_empty() {
            return orphan_titles.cloned();
        }
        let mut merged = orphan_titles.cloned().unwrap_or_default();
        for orphan in &self.sections {
            merged.insert(orphan.section_id.clone(), orphan.titles.clone());
        }
        Some(merged)
    }
}
