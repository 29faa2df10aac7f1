//! The shipped demo data loads and shows what the product is for: inapplicable, modified and
//! "pourrait" sections, a non-applicable AM and an alinéa mismatch.

mod common;

use serde_json::Value;

fn envinorma_on_demo(args: &[&str]) -> Vec<Value> {
    let demo = envinorma_test_support::repo_path("demo");
    let output = common::envinorma_on(
        &[args, &["--json"]].concat(),
        &demo.join("ams"),
        &demo.join("installations_demo.csv"),
        &demo.join("classements_demo.csv"),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.is_empty(),
        "envinorma {args:?}: {stderr}"
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn sections(s3ic_id: &str, am_id: &str) -> Vec<Value> {
    let printed = envinorma_on_demo(&["personalise", "--s3ic", s3ic_id, "--am", am_id]);
    printed[0]["sections"].as_array().unwrap().clone()
}

#[test]
fn every_demo_installation_gets_ams_with_the_expected_applicability() {
    let lists = envinorma_on_demo(&["am-list"]);
    assert_eq!(lists.len(), 4);
    let entries: Vec<&Value> = lists
        .iter()
        .flat_map(|l| l["ams"].as_array().unwrap())
        .collect();
    assert!(entries.iter().any(|e| {
        e["applicable"] == false
            && e["warnings"][0]
                .as_str()
                .unwrap()
                .starts_with("Cet arrêté ne s'applique pas")
    }));
    assert!(entries.iter().any(|e| {
        e["warnings"][0]
            .as_str()
            .unwrap_or("")
            .starts_with("Les alinéas auxquels cet arrêté s'applique")
    }));
}

#[test]
fn the_demo_am_has_inapplicable_modified_and_pourrait_sections() {
    let old = sections("9000.00001", "JORFTEXT000090000001");
    assert!(old.iter().any(|s| s["active"] == false));
    assert!(
        old.iter()
            .any(|s| s["modified"] == true && s["previous_version_title"].is_string())
    );
    let unknown = sections("9000.00003", "JORFTEXT000090000001");
    let warnings: Vec<&str> = unknown
        .iter()
        .flat_map(|s| s["warnings"].as_array().unwrap())
        .filter_map(Value::as_str)
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("Cette section pourrait être inapplicable."))
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("Cette section pourrait être modifiée."))
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("Les alinéas 2 et 3 pourraient être inapplicables."))
    );
}
