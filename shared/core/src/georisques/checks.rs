//! The original's checks on the prepared files, as warnings: it stopped the task on any of
//! them; here the files are still written, and the caller decides what to do about a warning.

use super::OcrState;
use super::archive::DOCUMENTS_MEMBER;
use super::documents::Document;
use crate::icpe_csv::{GeorisquesId, S3icId};
use crate::s3ic::values::{DATE_EXPECTED, IsoDate};
use crate::s3ic::{Dataset, DatasetWarning};
use std::fmt;

/// The original required at least this many rows in each `documents_<dataset>.csv` and
/// `aps_<dataset>.csv`.
pub const MIN_ROWS: usize = 100;

/// The original required strictly more than this share of the APs of `aps_all.csv`, in
/// percent, to have an OCRed PDF.
pub const MIN_SUCCESS_PERCENT: usize = 90;

/// Something the original would have stopped on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GeorisquesWarning {
    /// A prepared file has fewer than [`MIN_ROWS`] rows.
    FewRows(DatasetWarning),
    /// Too few APs of `aps_all.csv` have an OCRed PDF (see [`MIN_SUCCESS_PERCENT`]).
    LowOcrSuccess {
        /// APs whose status is `SUCCESS`.
        successes: usize,
        /// Rows of `aps_all.csv`.
        aps: usize,
    },
    /// Cells of `IC_documents.csv` written to `documents_all.csv` or `aps_all.csv` that fail a
    /// format check.
    Cells(CellWarning),
}

/// The cells of one column of `IC_documents.csv` that fail one check: how many, and the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellWarning {
    /// The column of `IC_documents.csv`.
    pub column: &'static str,
    /// What the check wants, in words.
    pub expected: &'static str,
    /// How many cells fail it.
    pub count: usize,
    /// Line of the first of them.
    pub first_line: u64,
    /// Its value.
    pub first_value: String,
}

impl fmt::Display for GeorisquesWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GeorisquesWarning::FewRows(warning) => warning.fmt(f),
            GeorisquesWarning::LowOcrSuccess { successes, aps } => write!(
                f,
                "only {successes} of the {aps} APs of aps_all.csv have an OCRed PDF \
                 (more than {MIN_SUCCESS_PERCENT} % expected)"
            ),
            GeorisquesWarning::Cells(cells) => write!(
                f,
                "{DOCUMENTS_MEMBER}, column {}: {} cell(s) not {}, the first on line {}: {:?}",
                cells.column, cells.count, cells.expected, cells.first_line, cells.first_value
            ),
        }
    }
}

/// The checks, fed with every row written.
#[derive(Debug)]
pub(super) struct Checks {
    dates: Tally,
    types: Tally,
    s3ic_ids: Tally,
    georisques_ids: Tally,
    duplicated_aps: Tally,
    successes: usize,
    aps: usize,
    warnings: Vec<GeorisquesWarning>,
}

impl Default for Checks {
    fn default() -> Self {
        Checks {
            dates: Tally::new("date_document", DATE_EXPECTED),
            types: Tally::new("type_id_document", "an id of IC_types_document.csv"),
            s3ic_ids: Tally::new("code_s3ic", "an S3IC id dddd.ddddd"),
            georisques_ids: Tally::new(
                "url_document",
                "a Géorisques id X/h/<32 hexadecimal digits> followed by .pdf",
            ),
            duplicated_aps: Tally::new("url_document", "a url that no other AP has"),
            successes: 0,
            aps: 0,
            warnings: Vec::new(),
        }
    }
}

impl Checks {
    /// A row of `documents_all.csv`.
    pub fn document(&mut self, document: &Document<'_>) {
        if !document.date.is_empty() && IsoDate::parse(document.date).is_none() {
            self.dates.add(document.line, document.date);
        }
        if document.type_name.is_none() {
            self.types.add(document.line, document.type_id);
        }
    }

    /// A row of `aps_all.csv`, with its id when well formed; `duplicated` when an earlier row
    /// has the same id.
    pub fn ap(
        &mut self,
        document: &Document<'_>,
        id: Option<GeorisquesId>,
        duplicated: bool,
        state: OcrState,
    ) {
        if S3icId::parse(document.s3ic_id).is_none() {
            self.s3ic_ids.add(document.line, document.s3ic_id);
        }
        if id.is_none() {
            self.georisques_ids.add(document.line, document.url);
        }
        if duplicated {
            self.duplicated_aps.add(document.line, document.url);
        }
        self.aps += 1;
        self.successes += usize::from(matches!(state, OcrState::Success { .. }));
    }

    /// The row counts of a dataset's two files.
    pub fn rows(&mut self, dataset: Dataset, documents: usize, aps: usize) {
        for (file, rows) in [
            (dataset.documents_file(), documents),
            (dataset.aps_file(), aps),
        ] {
            if rows < MIN_ROWS {
                self.warnings
                    .push(GeorisquesWarning::FewRows(DatasetWarning {
                        file,
                        rows,
                        minimum: MIN_ROWS,
                    }));
            }
        }
    }

    /// Every warning: row counts, then the OCR share, then cells in column order.
    pub fn into_warnings(mut self) -> Vec<GeorisquesWarning> {
        // The original's test: a share of at most 90 % fails, and so does an empty file.
        if self.successes * 100 <= self.aps * MIN_SUCCESS_PERCENT {
            self.warnings.push(GeorisquesWarning::LowOcrSuccess {
                successes: self.successes,
                aps: self.aps,
            });
        }
        let tallies = [
            self.s3ic_ids,
            self.types,
            self.georisques_ids,
            self.duplicated_aps,
            self.dates,
        ];
        self.warnings.extend(
            tallies
                .into_iter()
                .filter_map(|tally| tally.warning.map(GeorisquesWarning::Cells)),
        );
        self.warnings
    }
}

/// The failures of one check, kept as the warning they make (one allocation, for the first).
#[derive(Debug)]
struct Tally {
    column: &'static str,
    expected: &'static str,
    warning: Option<CellWarning>,
}

impl Tally {
    fn new(column: &'static str, expected: &'static str) -> Tally {
        Tally {
            column,
            expected,
            warning: None,
        }
    }

    fn add(&mut self, line: u64, value: &str) {
        match &mut self.warning {
            Some(warning) => warning.count += 1,
            None => {
                self.warning = Some(CellWarning {
                    column: self.column,
                    expected: self.expected,
                    count: 1,
                    first_line: line,
                    first_value: value.to_string(),
                });
            }
        }
    }
}
