//! Section references are derived from titles exactly as the original derived them: the
//! original's tables of titles → expected number or name, and every reference of the real AMs.
mod common;

use envinorma_core::Section;
use envinorma_core::authoring::reference_of;

/// (titles, expected) pairs of one of the original's reference tables.
fn table(file: &str) -> Vec<(Vec<String>, String)> {
    let pairs: Vec<(Vec<String>, String)> =
        serde_json::from_value(common::json(file)).expect("a list of [[titles], expected]");
    assert!(!pairs.is_empty(), "{file} is empty");
    pairs
}

fn check_table(file: &str, part: impl Fn(&[String]) -> String) {
    let pairs = table(file);
    let mismatches: Vec<String> = pairs
        .iter()
        .filter_map(|(titles, expected)| {
            let got = part(titles);
            (&got != expected).then(|| format!("{titles:?}: got {got:?}, expected {expected:?}"))
        })
        .collect();
    common::assert_no_mismatch(file, pairs.len(), &mismatches);
}

#[test]
fn reference_numbers_match_the_originals_table() {
    check_table("data/legifrance/titles_number_reference.json", |titles| {
        reference_of(titles).nb
    });
}

#[test]
fn reference_names_match_the_originals_table() {
    check_table("data/legifrance/titles_name_reference.json", |titles| {
        reference_of(titles).name
    });
}

#[test]
fn every_reference_of_the_real_ams_is_derived_from_its_titles() {
    fn walk(
        section: &Section,
        titles: &mut Vec<String>,
        mismatches: &mut Vec<String>,
        n: &mut usize,
    ) {
        titles.push(section.title.text.clone());
        *n += 1;
        let computed = reference_of(titles);
        if section.reference.clone().flatten() != Some(computed.clone()) {
            mismatches.push(format!(
                "{titles:?}: stored {:?}, computed {computed:?}",
                section.reference
            ));
        }
        for child in &section.sections {
            walk(child, titles, mismatches, n);
        }
        titles.pop();
    }
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for am in common::catalog().ams() {
        for section in &am.sections {
            walk(section, &mut Vec::new(), &mut mismatches, &mut checked);
        }
    }
    common::assert_no_mismatch("stored references", checked, &mismatches);
}
