//! Task 2 of the original data tasks: the daily Géorisques documents dump (a tar.gz holding
//! `IC_documents.csv` and `IC_types_document.csv`) → `documents_<dataset>.csv`,
//! `aps_<dataset>.csv` and the ids of every AP.
//!
//! Pure: bytes in, bytes out; the installations and the state of each AP's OCR are given by the
//! caller. The rules are the original's (see `spec/back-office-and-data-tasks.md` §B.3): every
//! document of a published installation is kept, joined with its type's name, sorted by S3IC id,
//! date from the latest (undated last) and url; the APs are the documents of type
//! [`AP_TYPE`]. A dump that cannot be read whole is refused; the original's checks on the
//! result are warnings.

mod archive;
mod checks;
mod documents;
mod error;
mod write;

pub use archive::{DOCUMENTS_MEMBER, DUMP_FILE, DumpLimits, TYPES_MEMBER};
pub use checks::{CellWarning, GeorisquesWarning, MIN_ROWS, MIN_SUCCESS_PERCENT};
pub use error::GeorisquesError;
pub use write::AP_TYPE;

use crate::icpe_csv::{GeorisquesId, OcrStatus};
use crate::s3ic::Dataset;
use checks::Checks;
use documents::Tables;

/// A published installation (a row of `installations_all.csv`, or a real one of the
/// database): which datasets its documents go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishedInstallation<'a> {
    /// Its S3IC id, as the dump writes `code_s3ic`.
    pub s3ic_id: &'a str,
    /// Its region, which puts it in `idf` or not.
    pub region: &'a str,
}

/// What the `ap` bucket holds for an AP, which gives its `ocr_status` and `size`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OcrState {
    /// `<id>.pdf`, searchable, of this many bytes.
    Success {
        /// Size of the PDF in bytes.
        size: u64,
    },
    /// No PDF but `<id>.error.txt`: the OCR failed.
    Error,
    /// Neither: the OCR has not run yet.
    NotAttempted,
}

impl OcrState {
    /// The status written in `aps_<dataset>.csv`.
    pub fn status(self) -> OcrStatus {
        match self {
            OcrState::Success { .. } => OcrStatus::Success,
            OcrState::Error => OcrStatus::Error,
            OcrState::NotAttempted => OcrStatus::NotAttempted,
        }
    }
}

/// The two prepared files of one dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedDocuments {
    /// Which dataset this is.
    pub dataset: Dataset,
    /// Content of `documents_<dataset>.csv`.
    pub documents: Vec<u8>,
    /// Content of `aps_<dataset>.csv`.
    pub aps: Vec<u8>,
}

/// Everything one run produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeorisquesOutput {
    /// `documents_all.csv` and `aps_all.csv`.
    pub all: PreparedDocuments,
    /// `documents_idf.csv` and `aps_idf.csv`.
    pub idf: PreparedDocuments,
    /// `documents_sample.csv` and `aps_sample.csv`.
    pub sample: PreparedDocuments,
    /// The ids of the APs of `aps_all.csv`, sorted, each once (`georisques_ids.json`): the PDFs
    /// to OCR. Rows whose url gives no well-formed id are left out (and warned about): such a
    /// text is no safe object key.
    pub ap_ids: Vec<GeorisquesId>,
    /// What the original would have stopped on.
    pub warnings: Vec<GeorisquesWarning>,
}

impl GeorisquesOutput {
    /// The six files as (name, content), `all` first.
    pub fn files(&self) -> Vec<(String, &[u8])> {
        [&self.all, &self.idf, &self.sample]
            .into_iter()
            .flat_map(|prepared| {
                [
                    (
                        prepared.dataset.documents_file(),
                        prepared.documents.as_slice(),
                    ),
                    (prepared.dataset.aps_file(), prepared.aps.as_slice()),
                ]
            })
            .collect()
    }
}

/// Transforms the dump into the prepared files of every dataset, or says why it cannot be read.
///
/// `installations` are the published ones (`installations_all.csv`); `ocr` tells the state of
/// an AP's PDF, asked once per AP of `aps_all.csv`.
pub fn transform<'i>(
    archive: &[u8],
    limits: DumpLimits,
    installations: impl IntoIterator<Item = PublishedInstallation<'i>>,
    ocr: impl FnMut(GeorisquesId) -> OcrState,
) -> Result<GeorisquesOutput, GeorisquesError> {
    let members = archive::unpack(archive, limits)?;
    let tables = Tables::read(&members)?;
    // The tables hold their own copy of the text: the unpacked members can go.
    drop(members);
    let published = documents::placements(installations);
    let documents = tables.kept(&published);
    let mut checks = Checks::default();
    let ([all, idf, sample], ap_ids) = write::write(&documents, ocr, &mut checks);
    Ok(GeorisquesOutput {
        all,
        idf,
        sample,
        ap_ids,
        warnings: checks.into_warnings(),
    })
}
