//! The AM list of an installation (FilterAMs), against golden/am_lists.jsonl and transverse_ams.json.
mod common;

use envinorma_core::AmListEntry;
use serde_json::{Value, json};

fn entry_json(entry: &AmListEntry) -> Value {
    json!({
        "am_id": entry.am.id,
        "applicable": entry.applicable,
        "warnings": entry.warnings,
        "sort_key": [entry.sort_key.0, entry.sort_key.1],
        "matched_classement_indices": entry.matched_classements,
        "condition_parameters": entry.parameters,
    })
}

/// Consecutive runs of equal sort keys, each as a sorted list of serialized entries.
fn tie_groups(entries: &[Value]) -> Vec<(Value, Vec<String>)> {
    let mut groups: Vec<(Value, Vec<String>)> = Vec::new();
    for entry in entries {
        let key = entry["sort_key"].clone();
        match groups.last_mut() {
            Some((last, members)) if *last == key => members.push(entry.to_string()),
            _ => groups.push((key, vec![entry.to_string()])),
        }
    }
    for (_, members) in &mut groups {
        members.sort();
    }
    groups
}

/// A golden case's dataset and S3IC id, and that installation as read from the CSVs.
fn case_installation(case: &Value) -> (&str, &str, &'static common::Installation) {
    let (dataset, s3ic_id) = (
        case["dataset"].as_str().unwrap(),
        case["s3ic_id"].as_str().unwrap(),
    );
    (dataset, s3ic_id, common::installation(dataset, s3ic_id))
}

#[test]
fn am_lists_match_the_original_up_to_ties_of_the_sort_key() {
    let cases = common::jsonl("golden/am_lists.jsonl");
    let catalog = common::catalog();
    let mut mismatches = Vec::new();
    for case in &cases {
        let (dataset, s3ic_id, installation) = case_installation(case);
        let got: Vec<Value> = catalog
            .am_list(&installation.classements)
            .iter()
            .map(entry_json)
            .collect();
        let expected = case["ams"].as_array().unwrap();
        let keys = |entries: &[Value]| {
            entries
                .iter()
                .map(|e| e["sort_key"].clone())
                .collect::<Vec<_>>()
        };
        let sorted = keys(&got)
            .windows(2)
            .all(|w| (w[0][0].as_u64(), w[0][1].as_u64()) <= (w[1][0].as_u64(), w[1][1].as_u64()));
        if !sorted || tie_groups(&got) != tie_groups(expected) {
            for entry in got.iter().filter(|e| !expected.contains(e)) {
                mismatches.push(format!("{dataset} {s3ic_id}: unexpected {entry}"));
            }
            for entry in expected.iter().filter(|e| !got.contains(e)) {
                mismatches.push(format!("{dataset} {s3ic_id}: missing {entry}"));
            }
            if got.iter().all(|e| expected.contains(e)) && expected.iter().all(|e| got.contains(e))
            {
                mismatches.push(format!(
                    "{dataset} {s3ic_id}: order {:?} instead of {:?}",
                    keys(&got),
                    keys(expected)
                ));
            }
        }
    }
    common::assert_no_mismatch("AM lists", cases.len(), &mismatches);
}

#[test]
fn installations_classements_are_read_as_the_original_reads_them() {
    let cases = common::jsonl("golden/am_lists.jsonl");
    let mut mismatches = Vec::new();
    for case in &cases {
        let (dataset, s3ic_id, installation) = case_installation(case);
        let got: Vec<Value> = installation
            .classements
            .iter()
            .enumerate()
            .map(|(index, c)| {
                json!({"index": index, "rubrique": c.rubrique, "regime": c.regime, "alinea": c.alinea,
                       "date_autorisation": c.date_autorisation, "date_mise_en_service": c.date_mise_en_service,
                       "volume": c.volume.normalised(), "float_volume": c.volume.float_value()})
            })
            .collect();
        if Value::from(got.clone()) != case["classements"] {
            mismatches.push(format!(
                "{dataset} {s3ic_id}: got {got:?}, expected {}",
                case["classements"]
            ));
        }
    }
    common::assert_no_mismatch("classements", cases.len(), &mismatches);
}

#[test]
fn transverse_ams_are_listed_apart_in_id_order() {
    let expected = common::json("golden/transverse_ams.json");
    let got: Vec<Value> = common::catalog()
        .transverse()
        .map(|am| json!({"am_id": am.id, "nickname": am.nickname, "warnings": am.applicability.warnings}))
        .collect();
    assert_eq!(Value::from(got), expected);
}
