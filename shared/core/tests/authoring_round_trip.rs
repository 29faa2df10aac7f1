//! The back-office's documents publish the AMs exactly as they were published: every real AM,
//! split into its three documents then enriched and written again, is the same file byte for
//! byte, passes the export's checks, and each document survives its own JSON round trip.
mod common;

use envinorma_core::authoring::{
    AmDocuments, AmMetadata, Parametrization, check, enrich, is_element_id, split,
    to_published_json,
};
use envinorma_core::{ArreteMinisteriel, parse_am, parse_am_files};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Every valid AM of data/ams with its file name and bytes.
fn published_ams() -> Vec<(String, Vec<u8>, ArreteMinisteriel)> {
    common::json_files("data/ams")
        .into_iter()
        .filter_map(|(name, bytes)| {
            let am = parse_am(&name, &bytes).ok()?;
            Some((name, bytes, am))
        })
        .collect()
}

fn documents(name: &str, am: &ArreteMinisteriel) -> AmDocuments {
    split(am).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_published_am_is_published_again_byte_for_byte_from_its_documents() {
    let ams = published_ams();
    let mut mismatches = Vec::new();
    for (name, original, am) in &ams {
        let docs = documents(name, am);
        let republished = enrich(&docs.metadata, &docs.text, &docs.parametrization);
        let written = to_published_json(&republished).expect("an AM serializes");
        if written.as_bytes() != original.as_slice() {
            let line = written
                .lines()
                .zip(String::from_utf8_lossy(original).lines())
                .position(|(a, b)| a != b)
                .map_or("at the end".to_string(), |n| format!("from line {}", n + 1));
            mismatches.push(format!("{name}: differs {line}"));
        }
    }
    eprintln!(
        "{} of {} AMs round-trip byte for byte",
        ams.len() - mismatches.len(),
        ams.len()
    );
    common::assert_no_mismatch("byte-for-byte republication", ams.len(), &mismatches);
}

#[test]
fn the_truncated_file_is_refused_with_its_reason_and_every_other_one_is_published() {
    let files = common::json_files("data/ams");
    let (ams, errors) = parse_am_files(files.clone());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].to_string().contains("truncated"), "{}", errors[0]);
    assert_eq!(ams.len(), files.len() - 1);
    assert_eq!(published_ams().len(), ams.len());
}

#[test]
fn every_published_am_passes_the_export_checks() {
    let ams = published_ams();
    let mismatches: Vec<String> = ams
        .iter()
        .filter_map(|(name, _, am)| {
            let problems = check(am);
            (!problems.is_empty()).then(|| format!("{name}: {problems:?}"))
        })
        .collect();
    common::assert_no_mismatch("export checks", ams.len(), &mismatches);
}

/// Serialize → parse gives back the same document, and serializing that gives the same JSON.
fn survives_json<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(
    document: &T,
) -> bool {
    let json = serde_json::to_string(document).expect("a document serializes");
    let parsed: T = serde_json::from_str(&json).expect("a written document parses");
    parsed == *document && serde_json::to_string(&parsed).ok().as_ref() == Some(&json)
}

#[test]
fn each_of_the_three_documents_survives_serialize_then_parse() {
    let ams = published_ams();
    let mut mismatches = Vec::new();
    for (name, _, am) in &ams {
        let docs = documents(name, am);
        if !survives_json::<AmMetadata>(&docs.metadata) {
            mismatches.push(format!("{name}: metadata"));
        }
        if !survives_json::<ArreteMinisteriel>(&docs.text) {
            mismatches.push(format!("{name}: structured text"));
        }
        if !survives_json::<Parametrization>(&docs.parametrization) {
            mismatches.push(format!("{name}: parametrization"));
        }
    }
    common::assert_no_mismatch("document round trips", ams.len(), &mismatches);
}

#[test]
fn split_gives_unique_element_ids_and_keeps_only_references_publication_cannot_derive() {
    let ams = published_ams();
    let mut mismatches = Vec::new();
    let mut elements = 0;
    for (name, _, am) in &ams {
        let docs = documents(name, am);
        let p = &docs.parametrization;
        let ids: Vec<&str> = p
            .inapplicable_sections
            .iter()
            .map(|e| e.id.as_str())
            .chain(p.alternative_sections.iter().map(|e| e.id.as_str()))
            .chain(p.warnings.iter().map(|e| e.id.as_str()))
            .collect();
        elements += ids.len();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        if unique.len() != ids.len() || !ids.iter().all(|id| is_element_id(id)) {
            mismatches.push(format!("{name}: element ids {ids:?}"));
        }
        let kept = docs
            .text
            .all_sections()
            .filter(|(_, s)| s.reference.is_some())
            .count();
        if kept > 0 {
            mismatches.push(format!("{name}: {kept} references kept in the text"));
        }
        if split(am).ok().as_ref() != Some(&docs) {
            mismatches.push(format!("{name}: splitting twice differs"));
        }
    }
    assert!(elements > 0, "no parametrization element in the data");
    common::assert_no_mismatch("split documents", ams.len(), &mismatches);
}
