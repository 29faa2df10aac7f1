//! The `parametrization` document: the conditions editors attach to sections, each element
//! naming its section by id so that it survives re-edits of the text.

use crate::am::{PotentialInapplicability, PotentialModification, Section, SectionParametrization};
use crate::condition::Condition;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Every condition and warning of one AM, as editors entered them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Parametrization {
    /// Sections (or some of their alinéas) that do not apply under a condition.
    #[serde(default, alias = "application_conditions")]
    pub inapplicable_sections: Vec<InapplicableSection>,
    /// Sections replaced by another text under a condition.
    #[serde(default)]
    pub alternative_sections: Vec<AlternativeSection>,
    /// Static warnings shown with a section.
    #[serde(default)]
    pub warnings: Vec<SectionWarning>,
}

/// The section `section_id` (or only its `alineas`, 0-based) does not apply when `condition` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InapplicableSection {
    /// This element's id (12 hexadecimal characters).
    pub id: String,
    /// The targeted section's id.
    pub section_id: String,
    /// The targeted alinéas; `None` targets the whole section.
    #[serde(default)]
    pub alineas: Option<Vec<usize>>,
    /// Whether the subsections do not apply either; absent means they do not.
    #[serde(default = "yes")]
    pub subsections_are_inapplicable: bool,
    /// When the section does not apply.
    pub condition: Condition,
}

/// The section `section_id` reads `new_text` when `condition` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlternativeSection {
    /// This element's id (12 hexadecimal characters).
    pub id: String,
    /// The replaced section's id.
    pub section_id: String,
    /// The replacing text, published as is.
    pub new_text: Section,
    /// When the section is replaced.
    pub condition: Condition,
}

/// A warning always shown with the section `section_id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionWarning {
    /// This element's id (12 hexadecimal characters).
    pub id: String,
    /// The section's id.
    pub section_id: String,
    /// The warning, as readers see it.
    pub text: String,
}

fn yes() -> bool {
    true
}

impl Parametrization {
    /// The elements that target the section `section_id`, in their stored order.
    pub fn targeting(&self, section_id: &str) -> Parametrization {
        self.filtered(|target| target == section_id)
    }

    /// The elements that target none of `section_ids`: what is left once those sections are
    /// gone (an element naming a removed section would apply to nothing).
    pub fn without_sections(&self, section_ids: &HashSet<&str>) -> Parametrization {
        self.filtered(|target| !section_ids.contains(target))
    }

    /// The elements whose section id `keep` accepts, in their stored order.
    fn filtered(&self, keep: impl Fn(&str) -> bool) -> Parametrization {
        fn of<T: Clone>(
            elements: &[T],
            keep: &impl Fn(&str) -> bool,
            target: impl Fn(&T) -> &str,
        ) -> Vec<T> {
            elements
                .iter()
                .filter(|element| keep(target(element)))
                .cloned()
                .collect()
        }
        Parametrization {
            inapplicable_sections: of(&self.inapplicable_sections, &keep, |e| &e.section_id),
            alternative_sections: of(&self.alternative_sections, &keep, |e| &e.section_id),
            warnings: of(&self.warnings, &keep, |e| &e.section_id),
        }
    }

    /// Each section's published parametrization, by section id, elements in their stored order.
    pub fn by_section(&self) -> HashMap<&str, SectionParametrization> {
        let mut sections: HashMap<&str, SectionParametrization> = HashMap::new();
        for element in &self.inapplicable_sections {
            let entry = sections.entry(&element.section_id).or_default();
            entry
                .potential_inapplicabilities
                .push(PotentialInapplicability {
                    condition: element.condition.clone(),
                    alineas: element.alineas.clone(),
                    subsections_are_inapplicable: Some(element.subsections_are_inapplicable),
                });
        }
        for element in &self.alternative_sections {
            let entry = sections.entry(&element.section_id).or_default();
            entry.potential_modifications.push(PotentialModification {
                condition: element.condition.clone(),
                new_version: element.new_text.clone(),
            });
        }
        for element in &self.warnings {
            let entry = sections.entry(&element.section_id).or_default();
            entry.warnings.push(element.text.clone());
        }
        sections
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn littler() -> serde_json::Value {
        json!({"type": "LITTLER", "parameter": {"id": "date-d-autorisation", "type": "DATE"},
            "target": "2021-01-01", "strict": true})
    }

    #[test]
    fn the_legacy_key_and_missing_optional_fields_are_read() {
        let parsed: Parametrization = serde_json::from_value(json!({"application_conditions": [
            {"id": "a1b2c3d4e5f6", "section_id": "4c3CF363F6dc", "alineas": null, "condition": littler()}
        ]}))
        .unwrap();
        let element = &parsed.inapplicable_sections[0];
        assert!(element.subsections_are_inapplicable);
        assert!(parsed.alternative_sections.is_empty() && parsed.warnings.is_empty());
    }

    #[test]
    fn elements_are_grouped_by_section_in_their_stored_order() {
        let parsed: Parametrization = serde_json::from_value(json!({
            "inapplicable_sections": [
                {"id": "000000000001", "section_id": "s1", "alineas": [0, 2], "subsections_are_inapplicable": false, "condition": littler()},
                {"id": "000000000002", "section_id": "s2", "alineas": null, "subsections_are_inapplicable": true, "condition": littler()}],
            "alternative_sections": [],
            "warnings": [{"id": "000000000003", "section_id": "s1", "text": "Attention."}]}))
        .unwrap();
        let sections = parsed.by_section();
        let s1 = &sections["s1"];
        assert_eq!(s1.potential_inapplicabilities[0].alineas, Some(vec![0, 2]));
        assert_eq!(
            s1.potential_inapplicabilities[0].subsections_are_inapplicable,
            Some(false)
        );
        assert_eq!(s1.warnings, ["Attention."]);
        assert_eq!(sections["s2"].potential_inapplicabilities.len(), 1);
    }

    #[test]
    fn removing_sections_drops_only_the_elements_that_target_them() {
        let parsed: Parametrization = serde_json::from_value(json!({
            "inapplicable_sections": [
                {"id": "000000000001", "section_id": "s1", "alineas": null, "condition": littler()},
                {"id": "000000000002", "section_id": "s2", "alineas": null, "condition": littler()}],
            "warnings": [{"id": "000000000003", "section_id": "s1", "text": "Attention."},
                {"id": "000000000004", "section_id": "s3", "text": "Attention."}]}))
        .unwrap();
        let left = parsed.without_sections(&HashSet::from(["s1"]));
        assert_eq!(
            left.inapplicable_sections[..],
            parsed.inapplicable_sections[1..]
        );
        assert_eq!(left.warnings[..], parsed.warnings[1..]);
        assert_eq!(parsed.targeting("s1").warnings[..], parsed.warnings[..1]);
    }
}
