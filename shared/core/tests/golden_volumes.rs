//! Volume normalisation, numeric value and validity, against golden/volumes.jsonl.
mod common;

use envinorma_core::Volume;
use serde_json::json;

#[test]
fn volumes_normalise_exactly_as_the_original() {
    let cases = common::jsonl("golden/volumes.jsonl");
    let mut mismatches = Vec::new();
    for case in &cases {
        let stored = case["stored"].as_str().map(str::to_string);
        let volume = Volume::new(stored.clone());
        let got = json!({"normalised": volume.normalised(), "float_volume": volume.float_value(), "valid": volume.is_valid()});
        let expected = json!({"normalised": case["normalised"], "float_volume": case["float_volume"], "valid": case["valid"]});
        if got != expected {
            mismatches.push(format!("stored {stored:?}: got {got}, expected {expected}"));
        }
    }
    common::assert_no_mismatch("volumes", cases.len(), &mismatches);
}

#[test]
fn csv_volume_and_unit_are_stored_joined_by_a_space() {
    let cases = common::jsonl("golden/volumes.jsonl");
    for case in cases.iter().filter(|c| c["source"] == "csv") {
        let volume = Volume::from_csv(
            case["csv_volume"].as_str().unwrap(),
            case["csv_unit"].as_str().unwrap_or(""),
        );
        assert_eq!(volume.stored(), case["stored"].as_str(), "{case}");
    }
}
