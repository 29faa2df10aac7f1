//! Conditions: satisfied, potentially satisfied, French text and warnings, against golden/conditions.jsonl.
mod common;

use envinorma_core::{Condition, Parameters, warnings};

#[test]
fn conditions_evaluate_exactly_as_the_original() {
    let cases = common::jsonl("golden/conditions.jsonl");
    let mut mismatches = Vec::new();
    for case in &cases {
        let condition: Condition =
            serde_json::from_value(case["condition"].clone()).expect("condition");
        let parameters: Parameters =
            serde_json::from_value(case["parameters"].clone()).expect("parameters");
        let got = (
            condition.satisfied(&parameters),
            condition.potentially_satisfied(&parameters),
        );
        let expected = (
            case["satisfied"].as_bool().unwrap(),
            case["potentially_satisfied"].as_bool().unwrap(),
        );
        if got != expected {
            mismatches.push(format!(
                "{} with {}: got {got:?}, expected {expected:?}",
                case["condition"], case["parameters"]
            ));
        }
    }
    common::assert_no_mismatch("condition evaluations", cases.len(), &mismatches);
}

#[test]
fn conditions_read_in_french_exactly_as_the_original() {
    let cases = common::jsonl("golden/conditions.jsonl");
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for case in cases.iter().filter(|c| c.get("human").is_some()) {
        checked += 1;
        let condition: Condition =
            serde_json::from_value(case["condition"].clone()).expect("condition");
        let expected = &case["warnings"];
        let mut got = vec![
            ("human", condition.human()),
            (
                "inapplicable_arrete",
                warnings::inapplicable_arrete(&condition),
            ),
            (
                "potentially_inapplicable_arrete",
                warnings::potentially_inapplicable_arrete(&condition),
            ),
            ("modification", warnings::modification(&condition)),
            (
                "inapplicability_whole_section",
                warnings::inapplicability(&condition, None),
            ),
            (
                "inapplicability_alineas",
                warnings::inapplicability(&condition, Some(&[0])),
            ),
            (
                "potentially_inapplicable_section",
                warnings::potential_inapplicability(&condition, None),
            ),
            (
                "potential_modification",
                warnings::potential_modification(&condition),
            ),
        ];
        if let Some(alineas) = expected.get("potentially_inapplicable_alineas") {
            let alineas: Vec<usize> = serde_json::from_value(alineas["alineas"].clone()).unwrap();
            got.push((
                "potentially_inapplicable_alineas",
                warnings::potential_inapplicability(&condition, Some(&alineas)),
            ));
        }
        for (kind, text) in got {
            let wanted = if kind == "human" {
                &case["human"]
            } else if kind == "potentially_inapplicable_alineas" {
                &expected[kind]["text"]
            } else {
                &expected[kind]
            };
            if wanted.as_str() != Some(text.as_str()) {
                mismatches.push(format!(
                    "{kind} of {}: got {text:?}, expected {wanted}",
                    case["condition"]
                ));
            }
        }
    }
    common::assert_no_mismatch("condition texts", checked, &mismatches);
}

#[test]
fn condition_json_round_trips() {
    for case in common::jsonl("golden/conditions.jsonl") {
        let condition: Condition = serde_json::from_value(case["condition"].clone()).unwrap();
        assert_eq!(serde_json::to_value(&condition).unwrap(), case["condition"]);
    }
}

#[test]
fn alinea_sentences_read_exactly_as_the_original() {
    let cases = common::jsonl("golden/alineas_sentences.jsonl");
    let regime_a: Condition = serde_json::from_value(serde_json::json!(
        {"type": "EQUAL", "parameter": {"id": "regime", "type": "REGIME"}, "target": "A"}
    ))
    .unwrap();
    let mut mismatches = Vec::new();
    for case in &cases {
        let alineas: Vec<usize> = serde_json::from_value(case["alineas"].clone()).unwrap();
        let got = warnings::potential_inapplicability(&regime_a, Some(&alineas));
        if case["text"].as_str() != Some(got.as_str()) {
            mismatches.push(format!(
                "{alineas:?}: got {got:?}, expected {}",
                case["text"]
            ));
        }
    }
    common::assert_no_mismatch("alinea sentences", cases.len(), &mismatches);
}
