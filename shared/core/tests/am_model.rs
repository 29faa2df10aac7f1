//! The AM model reads both schema versions, round-trips the current one losslessly and
//! reports broken files precisely.
mod common;

use envinorma_core::{ArreteMinisteriel, parse_am, parse_am_files};
use serde_json::Value;

#[test]
fn every_current_schema_file_round_trips_to_the_same_json_value() {
    let files = common::json_files("data/ams");
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for (name, content) in &files {
        let Ok(original) = serde_json::from_slice::<Value>(content) else {
            continue;
        };
        checked += 1;
        let am = parse_am(name, content).unwrap_or_else(|e| panic!("{e}"));
        let written = serde_json::to_value(&am).unwrap();
        if written != original {
            mismatches.push(format!(
                "{name}: {}",
                first_difference(&original, &written, String::new())
            ));
        }
        let reread: ArreteMinisteriel = serde_json::from_value(written).unwrap();
        if reread != am {
            mismatches.push(format!(
                "{name}: parse → serialize → parse is not the identity"
            ));
        }
    }
    common::assert_no_mismatch("round trips", checked, &mismatches);
}

/// The path of the first place two JSON values differ, to make a failure readable.
fn first_difference(a: &Value, b: &Value, path: String) -> String {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys()) {
                if x.get(key) != y.get(key) {
                    return match (x.get(key), y.get(key)) {
                        (Some(u), Some(v)) => first_difference(u, v, format!("{path}.{key}")),
                        (u, v) => format!("{path}.{key}: {u:?} vs {v:?}"),
                    };
                }
            }
            path
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find(|(_, (u, v))| u != v)
            .map(|(i, (u, v))| first_difference(u, v, format!("{path}[{i}]")))
            .unwrap_or(path),
        _ => format!("{path}: {a} vs {b}"),
    }
}

#[test]
fn a_truncated_file_is_reported_with_its_name_line_and_column_and_the_others_still_load() {
    let skipped = common::json("golden/skipped_am_files.json");
    let (ams, errors) = parse_am_files(common::json_files("data/ams"));
    let bad: Vec<&str> = errors.iter().map(|e| e.file.as_str()).collect();
    let expected_bad: Vec<&str> = skipped
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap())
        .collect();
    assert_eq!(bad, expected_bad);
    let error = &errors[0];
    assert!(error.line > 1 && error.column > 0, "{error}");
    let text = error.to_string();
    assert!(
        text.starts_with(&format!("{}:{}:{}: ", error.file, error.line, error.column)),
        "{text}"
    );
    assert!(text.contains("truncated"), "{text}");
    let valid = common::json_files("data/ams").len() - expected_bad.len();
    assert_eq!(ams.len(), valid);
}

#[test]
fn the_older_schema_loads_with_its_string_references_and_subsections_inapplicable_by_default() {
    let files = common::json_files("data/ams-old-schema");
    let (ams, errors) = parse_am_files(files.clone());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(ams.len(), files.len());
    let sections: Vec<_> = ams
        .iter()
        .flat_map(|am| am.all_sections().map(|(_, s)| s))
        .collect();
    assert!(sections.iter().any(|s| s.reference_str.is_some()));
    assert!(
        sections
            .iter()
            .all(|s| s.reference_label() == s.reference_str.as_deref())
    );
    let inapplicabilities: Vec<_> = sections
        .iter()
        .flat_map(|s| &s.parametrization.potential_inapplicabilities)
        .collect();
    assert!(!inapplicabilities.is_empty());
    assert!(
        inapplicabilities
            .iter()
            .all(|i| i.subsections_are_inapplicable.is_none() && i.subsections_are_inapplicable())
    );
}

#[test]
fn classements_keep_their_stored_order() {
    let stored_orders: Vec<Vec<String>> = common::catalog()
        .ams()
        .iter()
        .map(|am| am.classements.iter().map(|c| c.regime.clone()).collect())
        .collect();
    let unsorted = stored_orders
        .iter()
        .filter(|regimes| regimes.windows(2).any(|w| w[0] > w[1]))
        .count();
    assert!(
        unsorted > 0,
        "some AMs store their classements out of régime order, and must stay so"
    );
}

#[test]
fn fixtures_of_the_web_app_load_with_their_variant_keys() {
    for (name, content) in common::json_files("data/fixtures") {
        let value: Value = serde_json::from_slice(&content).unwrap();
        if value.get("title").is_some() && value.get("id").is_some() {
            parse_am(&name, &content).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

#[test]
fn odd_tables_and_nulls_do_not_break_loading() {
    let json = br#"{"id": "JORFTEXT000000000001", "title": {"text": "Arr\u00eat\u00e9 du 01/01/20 relatif"},
        "sections": [{"id": "a", "title": {"text": null}, "outer_alineas": [
            {"text": "", "table": {"rows": [{"is_header": true, "cells": [
                {"content": {"text": "x"}, "colspan": 0, "rowspan": -2}]}]}}]}]}"#;
    let am = parse_am("odd.json", json).unwrap();
    let cell = &am.sections[0].outer_alineas[0].table().unwrap().rows[0].cells[0];
    assert_eq!((cell.colspan(), cell.rowspan()), (1, 1));
    assert_eq!(am.sections[0].title.text, "");
}

#[test]
fn every_real_am_passes_the_publication_checks() {
    for am in common::catalog().ams() {
        let problems = envinorma_core::validate_am(am);
        assert!(problems.is_empty(), "{}: {problems:?}", am.id);
    }
}
