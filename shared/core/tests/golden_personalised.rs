//! Personalised AMs, against golden/personalised/*.json (every field but `dataset` and
//! `selection_reasons`, which only say how the case was sampled).
mod common;

use envinorma_core::personalise;
use serde_json::{Value, json};

#[test]
fn personalised_ams_match_the_original() {
    let files = common::json_files("golden/personalised");
    let mut mismatches = Vec::new();
    for (name, content) in &files {
        let expected: Value = serde_json::from_slice(content).unwrap();
        let (dataset, s3ic_id, am_id) = (
            expected["dataset"].as_str().unwrap(),
            expected["s3ic_id"].as_str().unwrap(),
            expected["am_id"].as_str().unwrap(),
        );
        let installation = common::installation(dataset, s3ic_id);
        let am = common::am(am_id);
        let personalised = personalise(am, &installation.classements);
        let case = format!("{name} ({dataset} {s3ic_id}, {am_id})");

        let header = json!({
            "matched_classement_indices": personalised.matched_classements,
            "parameters": personalised.parameters,
            "am_applicability_warnings": am.applicability.warnings,
        });
        for (key, got) in header.as_object().unwrap() {
            if *got != expected[key] {
                mismatches.push(format!(
                    "{case}: {key} is {got}, expected {}",
                    expected[key]
                ));
            }
        }

        let topics = personalised.topics();
        let got_sections: Vec<Value> = personalised
            .sections
            .iter()
            .zip(personalised.paths())
            .zip(&topics)
            .map(|((section, path), topics)| {
                let previous = section.previous_version();
                json!({
                    "id": section.id(),
                    "path": path,
                    "title": section.title(),
                    "active": section.active,
                    "modified": section.modified,
                    "warnings": section.warnings,
                    "alineas_active": section.alineas_active().collect::<Vec<_>>(),
                    "alineas_active_raw": section.alineas_state().collect::<Vec<_>>(),
                    "n_alineas": section.content().outer_alineas.len(),
                    "previous_version_title": previous.map(|p| &p.title.text),
                    "previous_version_n_alineas": previous.map(|p| p.outer_alineas.len()),
                    "topics": topics,
                })
            })
            .collect();
        let expected_sections = expected["sections"].as_array().unwrap();
        if got_sections.len() != expected_sections.len() {
            mismatches.push(format!(
                "{case}: {} sections, expected {}",
                got_sections.len(),
                expected_sections.len()
            ));
        }
        for (got, wanted) in got_sections.iter().zip(expected_sections) {
            if got != wanted {
                let fields: Vec<String> = wanted
                    .as_object()
                    .unwrap()
                    .iter()
                    .filter(|(k, v)| got.get(k.as_str()) != Some(v))
                    .map(|(k, v)| format!("{k}: got {}, expected {v}", got[k.as_str()]))
                    .collect();
                mismatches.push(format!(
                    "{case}: section {} {}: {}",
                    wanted["id"],
                    wanted["path"],
                    fields.join("; ")
                ));
            }
        }
    }
    common::assert_no_mismatch("personalised AMs", files.len(), &mismatches);
}
