//! Rows of `aps_<dataset>.csv`.

use super::fields::OcrStatus;
use super::file::Row;
use super::ids::{GeorisquesId, S3icId};
use super::kind::FileKind;
use super::problem::Problem;
use super::record::Record;
use crate::date::Date;

/// One arrêté préfectoral of a public installation.
#[derive(Debug, Clone, PartialEq)]
pub struct ApRecord {
    /// The installation it belongs to.
    pub installation_s3ic_id: S3icId,
    /// Title of the document, verbatim (leading and trailing spaces are real).
    pub description: Option<String>,
    /// Day the order was signed.
    pub date: Option<Date>,
    /// The document's id on Géorisques, unique in the file.
    pub georisques_id: GeorisquesId,
    /// Where its OCR stands.
    pub ocr_status: OcrStatus,
    /// Size of the PDF in bytes.
    pub size: Option<i32>,
}

impl Record for ApRecord {
    const KIND: FileKind = FileKind::Aps;

    fn parse(row: &Row<'_>, problems: &mut Vec<Problem>) -> Option<Self> {
        let installation_s3ic_id = row.s3ic_id("installation_s3ic_id", problems);
        let description = row.optional("description");
        let date = row.date("date", problems);
        let georisques_id = row.georisques_id("georisques_id", problems);
        let ocr_status = row.ocr_status("ocr_status", problems);
        let size = row.size("size", problems);
        Some(ApRecord {
            installation_s3ic_id,
            description,
            date,
            georisques_id: georisques_id?,
            ocr_status,
            size,
        })
    }
}
