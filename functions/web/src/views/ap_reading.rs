//! One arrêté préfectoral on the AM/AP page: its PDF, or why it is not shown.

use crate::views::format::arrete_label;
use envinorma_core::Date;

/// PDFs from this size on are not embedded in the page (13 MiB, as the original).
pub const MAX_INLINE_PDF_BYTES: u64 = 13 * 1024 * 1024;

/// Where the text of APs whose OCR failed can still be read (Géorisques' documents site).
const GEORISQUES_DOCUMENTS: &str =
    "http://documents.installationsclassees.developpement-durable.gouv.fr/commun";

/// The OCR state of an AP's PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OcrStatus {
    Success,
    Error,
    NotAttempted,
}

impl OcrStatus {
    /// Reads the stored status (`SUCCESS`, `ERROR`, `NOT_ATTEMPTED`; anything else is
    /// "not attempted").
    pub fn parse(stored: &str) -> OcrStatus {
        match stored {
            "SUCCESS" => OcrStatus::Success,
            "ERROR" => OcrStatus::Error,
            _ => OcrStatus::NotAttempted,
        }
    }
}

/// An AP as the installation and AM/AP pages need it (filled from the database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApSummary {
    /// `P/c/b6896c18c4964031a644c67b4618d88c`: also the key of its PDF.
    pub georisques_id: String,
    pub date: Option<Date>,
    pub description: Option<String>,
    pub ocr_status: OcrStatus,
    /// Bytes of the PDF, when known.
    pub size: Option<u64>,
}

impl ApSummary {
    /// `AP - dd/mm/yy - <description>`.
    pub fn label(&self) -> String {
        arrete_label(
            "AP",
            self.date,
            self.description.as_deref().unwrap_or_default(),
        )
    }

    /// Our URL of its PDF.
    pub fn pdf_url(&self) -> String {
        format!("/aps/{}.pdf", self.georisques_id)
    }
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
}

/// An AP ready for the template.
#[derive(Debug, Clone)]
pub struct ApView {
    pub anchor: String,
    pub label: String,
    pub display: ApDisplay,
}

impl ApView {
    /// The view of the `position`-th AP of the page.
    pub fn new(position: usize, ap: &ApSummary) -> ApView {
        let display = match ap.ocr_status {
            // An unknown size is shown: the viewer loads it only when displayed.
            OcrStatus::Success if ap.size.is_none_or(|size| size < MAX_INLINE_PDF_BYTES) => {
                ApDisplay::Pdf { url: ap.pdf_url() }
            }
            OcrStatus::Success => ApDisplay::TooLarge { url: ap.pdf_url() },
            OcrStatus::Error | OcrStatus::NotAttempted => ApDisplay::OcrFailed {
                source_url: format!("{GEORISQUES_DOCUMENTS}/{}.pdf", ap.georisques_id),
            },
        };
        ApView {
            anchor: format!("ap_{position}"),
            label: ap.label(),
            display,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ap(status: OcrStatus, size: Option<u64>) -> ApSummary {
        ApSummary {
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
}
