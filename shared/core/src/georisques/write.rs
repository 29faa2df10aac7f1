//! `documents_<dataset>.csv` and `aps_<dataset>.csv`, written as the original's pandas `to_csv`
//! writes them.

use super::checks::Checks;
use super::documents::Document;
use super::{OcrState, PreparedDocuments};
use crate::icpe_csv::{FileKind, GeorisquesId};
use crate::s3ic::Dataset;
use crate::s3ic::output::CsvTable;
use std::collections::HashSet;
use std::fmt::Write;

/// The header of `documents_<dataset>.csv`.
const DOCUMENT_COLUMNS: [&str; 5] = ["date", "type", "description", "url", "s3ic_id"];

/// The type of the documents that are APs; only the type decides (some orders of another type
/// have "Arrêté préfectoral" in their name).
pub const AP_TYPE: &str = "Arrêté préfectoral";

/// The files of each dataset, and the ids of the APs of `all`, sorted, each once.
pub(super) fn write(
    documents: &[Document<'_>],
    mut ocr: impl FnMut(GeorisquesId) -> OcrState,
    checks: &mut Checks,
) -> ([PreparedDocuments; 3], Vec<GeorisquesId>) {
    let mut documents_csv = CsvTable::new(&DOCUMENT_COLUMNS);
    let mut aps_csv = CsvTable::new(FileKind::Aps.columns());
    let mut ap_datasets = Vec::new();
    let mut ap_ids = Vec::new();
    let mut seen = HashSet::new();
    let mut size = String::new();
    for document in documents {
        checks.document(document);
        let type_name = document.type_name.unwrap_or("");
        documents_csv.push(&[
            document.date,
            type_name,
            document.description,
            document.url,
            document.s3ic_id,
        ]);
        if type_name != AP_TYPE {
            continue;
        }
        let id_text = without_last_four_chars(document.url);
        let id = GeorisquesId::parse(id_text);
        let state = id.map_or(OcrState::NotAttempted, &mut ocr);
        let duplicated = id.is_some_and(|id| !seen.insert(id));
        if let Some(id) = id.filter(|_| !duplicated) {
            ap_ids.push(id);
        }
        checks.ap(document, id, duplicated, state);
        size.clear();
        if let OcrState::Success { size: bytes } = state {
            // pandas writes the column as floats, since APs without a PDF leave it empty.
            // Writing to a String cannot fail.
            let _ = write!(size, "{bytes}.0");
        }
        aps_csv.push(&[
            document.s3ic_id,
            document.description,
            document.date,
            id_text,
            state.status().as_str(),
            &size,
        ]);
        ap_datasets.push(document.datasets);
    }
    ap_ids.sort_unstable();
    let prepared = Dataset::ALL.map(|dataset| {
        let keep_documents: Vec<bool> = documents
            .iter()
            .map(|document| document.datasets.contains(dataset))
            .collect();
        let keep_aps: Vec<bool> = ap_datasets
            .iter()
            .map(|datasets| datasets.contains(dataset))
            .collect();
        let (documents, document_rows) = documents_csv.subset(&keep_documents);
        let (aps, ap_rows) = aps_csv.subset(&keep_aps);
        checks.rows(dataset, document_rows, ap_rows);
        PreparedDocuments {
            dataset,
            documents,
            aps,
        }
    });
    (prepared, ap_ids)
}

/// Python's `url[:-4]`, the original's Géorisques id: the url without its `.pdf`, and cut the
/// same way whatever its ending.
fn without_last_four_chars(url: &str) -> &str {
    match url.char_indices().rev().nth(3) {
        Some((start, _)) => &url[..start],
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_is_the_url_less_its_last_four_characters_as_python_cuts_it() {
        assert_eq!(
            without_last_four_chars("P/c/b6896c18c4964031a644c67b4618d88c.pdf"),
            "P/c/b6896c18c4964031a644c67b4618d88c"
        );
        assert_eq!(without_last_four_chars("abé.doc"), "abé");
        assert_eq!(without_last_four_chars("éabc"), "");
        assert_eq!(without_last_four_chars(".pdf"), "");
        assert_eq!(without_last_four_chars("pdf"), "");
    }
}
