//! One arrêté préfectoral on the AM/AP page: its PDF, or why it is not shown.

use crate::paths;
use crate::views::format::arrete_label;
use envinorma_core::icpe_csv::OcrStatus;
use envinorma_db::aps::StoredAp;

/// PDFs from this size on are not embedded in the page (13 MiB, as the original).
pub const MAX_INLINE_PDF_BYTES: i32 = 13 * 1024 * 1024;

/// Where the text of APs whose OCR failed can still be read (Géorisques' documents site).
const GEORISQUES_DOCUMENTS: &str =
    "http://documents.installationsclassees.developpement-durable.gouv.fr/commun";

/// `AP - dd/mm/yy - <description>`.
pub fn ap_label(ap: &StoredAp) -> String {
    arrete_label("AP", ap.date, ap.description.as_deref().unwrap_or_default())
}

/// How an AP is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApDisplay {
    /// In the page (`<object>`).
    Pdf { url: String },
    /// Too large to embed: a link to the PDF.
    TooLarge { url: String },
    /// No readable PDF: a link to the source document.
    OcrFailed { source_url: String },
    /// Not processed yet (ap-sync has queued it, or will): a link to the source document.
    Pending { source_url: String },
}

/// An AP ready for the template.
#[derive(Debug, Clone)]
pub struct ApView {
    pub anchor: String,
    /// What the page's prescription form sends for this AP.
    pub georisques_id: String,
    pub label: String,
    pub display: ApDisplay,
}

impl ApView {
    /// The view of the `position`-th AP of the page.
    pub fn new(position: usize, ap: &StoredAp) -> ApView {
        let display = match ap.ocr_status {
            // An unknown size is shown: the viewer loads it only when displayed.
            OcrStatus::Success if ap.size.is_none_or(|size| size < MAX_INLINE_PDF_BYTES) => {
                ApDisplay::Pdf {
                    url: paths::ap_pdf(&ap.georisques_id),
                }
            }
            OcrStatus::Success => ApDisplay::TooLarge {
                url: paths::ap_pdf(&ap.georisques_id),
            },
            OcrStatus::Error => ApDisplay::OcrFailed {
                source_url: source_url(ap),
            },
            OcrStatus::NotAttempted | OcrStatus::Null => ApDisplay::Pending {
                source_url: source_url(ap),
            },
        };
        ApView {
            anchor: format!("ap_{position}"),
            georisques_id: ap.georisques_id.clone(),
            label: ap_label(ap),
            display,
        }
    }
}

/// The AP's document on Géorisques' site.
fn source_url(ap: &StoredAp) -> String {
    format!("{GEORISQUES_DOCUMENTS}/{}.pdf", ap.georisques_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use envinorma_core::Date;

    fn ap(status: OcrStatus, size: Option<i32>) -> StoredAp {
        StoredAp {
            georisques_id: "D/b/888cd0e0031343ebae4c0e28ef5d8bab".into(),
            date: Date::parse("2021-04-27"),
            description: Some("AP complémentaire".into()),
            ocr_status: status,
            size,
        }
    }

    #[test]
    fn a_small_ocred_pdf_is_embedded_and_a_large_one_linked() {
        let url = "/aps/D/b/888cd0e0031343ebae4c0e28ef5d8bab.pdf".to_string();
        assert_eq!(
            ApView::new(0, &ap(OcrStatus::Success, Some(1_000_000))).display,
            ApDisplay::Pdf { url: url.clone() }
        );
        assert_eq!(
            ApView::new(0, &ap(OcrStatus::Success, Some(MAX_INLINE_PDF_BYTES))).display,
            ApDisplay::TooLarge { url }
        );
    }

    #[test]
    fn a_failed_ocr_links_to_the_source_document() {
        let view = ApView::new(3, &ap(OcrStatus::Error, Some(10)));
        assert_eq!(view.anchor, "ap_3");
        assert_eq!(view.label, "AP - 27/04/21 - AP complémentaire");
        assert_eq!(
            view.display,
            ApDisplay::OcrFailed {
                source_url: "http://documents.installationsclassees.developpement-durable.gouv.fr/commun/D/b/888cd0e0031343ebae4c0e28ef5d8bab.pdf".into()
            }
        );
    }

    #[test]
    fn an_ap_not_processed_yet_is_pending_not_failed() {
        for status in [OcrStatus::NotAttempted, OcrStatus::Null] {
            assert_eq!(
                ApView::new(0, &ap(status, None)).display,
                ApDisplay::Pending {
                    source_url: "http://documents.installationsclassees.developpement-durable.gouv.fr/commun/D/b/888cd0e0031343ebae4c0e28ef5d8bab.pdf".into()
                }
            );
        }
    }
}
