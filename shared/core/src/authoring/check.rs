//! What an AM must satisfy before it is exported to the web app.

use crate::am::{ArreteMinisteriel, validate_am};

/// Above this share of sections without a reference number, references were surely not computed.
const MAX_EMPTY_REFERENCES: f64 = 0.95;

/// Every reason not to publish the AM, one sentence each naming what to fix: the export's
/// checks (id, régimes, references, URLs, date) and the web app's own.
pub fn check(am: &ArreteMinisteriel) -> Vec<String> {
    let mut problems = validate_am(am);
    for classement in &am.classements {
        if !matches!(classement.regime.as_str(), "A" | "E" | "D") {
            problems.push(format!(
                "classement {} has régime {:?}: only A, E or D can be published",
                classement.rubrique, classement.regime
            ));
        }
    }
    let sections: Vec<_> = am.all_sections().map(|(_, section)| section).collect();
    for section in &sections {
        if !is_element_id(&section.id) {
            problems.push(format!(
                "section {:?} ({:?}): its id must be 12 hexadecimal characters",
                section.id, section.title.text
            ));
        }
        if section.reference_label().is_none() {
            problems.push(format!(
                "section {:?} ({:?}) has no reference: publish it through enrich",
                section.id, section.title.text
            ));
        }
    }
    let empty = sections
        .iter()
        .filter(|s| s.reference_label().is_some_and(str::is_empty))
        .count();
    if !sections.is_empty() && empty as f64 >= MAX_EMPTY_REFERENCES * sections.len() as f64 {
        problems.push(format!(
            "{empty} of {} sections have an empty reference: titles should start with \"Article\", \"Annexe\" or a numbering",
            sections.len()
        ));
    }
    problems
}

/// Section and element ids: 12 hexadecimal characters, either case (`4c3CF363F6dc`).
pub fn is_element_id(id: &str) -> bool {
    id.len() == 12 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn am(regime: &str, titles: &[&str]) -> ArreteMinisteriel {
        let sections: Vec<_> = titles
            .iter()
            .enumerate()
            .map(|(n, title)| json!({"id": format!("{n:012}"), "title": {"text": title},
                "reference": {"nb": if title.starts_with("Article") { *title } else { "" }, "name": ""}}))
            .collect();
        serde_json::from_value(json!({
            "id": "JORFTEXT000000568479", "title": {"text": "Arrêté du 23/07/97 relatif aux stockages"},
            "date_of_signature": "1997-07-23",
            "aida_url": "https://aida.ineris.fr/consultation_document/35346",
            "legifrance_url": "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000568479",
            "classements": [{"rubrique": "1138", "regime": regime, "alinea": null, "state": "ACTIVE"}],
            "sections": sections}))
        .unwrap()
    }

    #[test]
    fn a_well_formed_am_passes() {
        assert_eq!(
            check(&am("A", &["Article 1", "Chapitre II"])),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_regime_other_than_a_e_or_d_is_refused() {
        let problems = check(&am("NC", &["Article 1"]));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("classement 1138 has régime \"NC\""));
    }

    #[test]
    fn almost_only_empty_references_are_refused() {
        let titles: Vec<String> = (0..20).map(|n| format!("Chapitre {n}")).collect();
        let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
        let problems = check(&am("A", &titles));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("20 of 20 sections have an empty reference"));
    }

    #[test]
    fn ids_of_other_lengths_or_letters_are_not_element_ids() {
        assert!(is_element_id("4c3CF363F6dc"));
        assert!(!is_element_id("4c3CF363F6d"));
        assert!(!is_element_id("4c3CF363F6dz"));
    }
}
