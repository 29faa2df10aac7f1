//! The OCR of the AP documents as the `ap` bucket holds it: one result object per document,
//! `<georisques id>.pdf` (readable) or `<georisques id>.error.txt` (refused, with why), and the
//! job ap-sync queues for a document without one (ap-ocr works it).

use crate::georisques::OcrState;
use crate::icpe_csv::GeorisquesId;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The site the original downloaded the APs from.
pub const DEFAULT_SOURCE_URL: &str =
    "http://documents.installationsclassees.developpement-durable.gouv.fr/commun/";

/// One job of the OCR queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    pub georisques_id: String,
    pub url: String,
}

impl Job {
    /// The job of a document of the site `source_url` (a folder URL, ending with `/`).
    pub fn at(source_url: &str, georisques_id: &str) -> Job {
        Job {
            georisques_id: georisques_id.to_owned(),
            url: format!("{source_url}{}", pdf_key(georisques_id)),
        }
    }
}

/// The key of a document's readable PDF in the `ap` bucket.
pub fn pdf_key(georisques_id: &str) -> String {
    format!("{georisques_id}.pdf")
}

/// The key of a document's one-line refusal in the `ap` bucket.
pub fn error_key(georisques_id: &str) -> String {
    format!("{georisques_id}.error.txt")
}

/// What a listing of the `ap` bucket (key, size) holds for each document; other keys are not
/// results. The rule of a PDF over an error: a document with both (OCRed after an earlier
/// refusal) is readable, so SUCCESS; ap-ocr's check for an existing result follows it too.
pub fn results<'a>(
    listing: impl IntoIterator<Item = (&'a str, u64)>,
) -> HashMap<GeorisquesId, OcrState> {
    let mut results = HashMap::new();
    for (key, size) in listing {
        let (id, state) = if let Some(id) = key.strip_suffix(".error.txt") {
            (id, OcrState::Error)
        } else if let Some(id) = key.strip_suffix(".pdf") {
            (id, OcrState::Success { size })
        } else {
            continue;
        };
        let Some(id) = GeorisquesId::parse(id) else {
            continue;
        };
        results
            .entry(id)
            .and_modify(|kept: &mut OcrState| {
                if let OcrState::Success { .. } = state {
                    *kept = state;
                }
            })
            .or_insert(state);
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "P/c/b6896c18c4964031a644c67b4618d88c";
    const OTHER: &str = "D/b/888cd0e0031343ebae4c0e28ef5d8bab";

    #[test]
    fn a_listing_gives_each_document_its_result_and_ignores_other_keys() {
        let (pdf, error, other_error) = (pdf_key(ID), error_key(ID), error_key(OTHER));
        let listing = [
            (error.as_str(), 40),
            (pdf.as_str(), 1234),
            (other_error.as_str(), 12),
            ("reports/x.json", 5),
            ("P/c/not-an-id.pdf", 5),
        ];
        let results = results(listing);
        assert_eq!(results.len(), 2);
        let id = |text| GeorisquesId::parse(text).unwrap();
        assert_eq!(results[&id(ID)], OcrState::Success { size: 1234 });
        assert_eq!(results[&id(OTHER)], OcrState::Error);
    }
}
