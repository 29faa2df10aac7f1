//! Task 1 of the original data tasks: the raw S3IC extracts (`s3ic-liste-etablissements.csv`,
//! `sic-liste-rubriques.csv`) → the prepared `installations_*.csv` and `classements_*.csv`.
//!
//! Pure: bytes in, bytes out. The rules are the original's, in its order (see
//! `spec/back-office-and-data-tasks.md` §B.2); where it would crash or silently lose data on bad
//! input, the input is rejected with every problem located (file, line, column, value).

mod classements;
mod installations;
// The reading, problems, values and writing of raw extracts serve the Géorisques dump too.
pub(crate) mod output;
pub(crate) mod problem;
pub(crate) mod raw;
mod summary;
pub(crate) mod values;

pub use problem::{MAX_PROBLEMS, Problem, ProblemKind, S3icError};
pub use summary::{ClassementCounts, DatasetCounts, InstallationCounts, S3icSummary};

use crate::icpe_csv::FileKind;
use classements::Classement;
use installations::Installation;
use output::CsvTable;
use problem::Problems;
use serde::Serialize;
use std::fmt;

/// Name of the raw installations extract.
pub const INSTALLATIONS_EXTRACT: &str = installations::FILE;

/// Name of the raw classements extract.
pub const CLASSEMENTS_EXTRACT: &str = classements::FILE;

/// The original asserted that each derived dataset has at least this many rows; here it warns.
pub const MIN_SUBSET_ROWS: usize = 1000;

/// The datasets written to the `misc` bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dataset {
    /// Every published installation.
    All,
    /// Installations of the region Ile-de-France.
    Idf,
    /// About one installation in ten, chosen by its code (stable from one run to the next).
    Sample,
}

impl Dataset {
    /// Every dataset, in the order they are written.
    pub const ALL: [Dataset; 3] = [Dataset::All, Dataset::Idf, Dataset::Sample];

    /// `all`, `idf` or `sample`, as in the file names.
    pub fn as_str(self) -> &'static str {
        match self {
            Dataset::All => "all",
            Dataset::Idf => "idf",
            Dataset::Sample => "sample",
        }
    }

    /// `installations_<dataset>.csv`.
    pub fn installations_file(self) -> String {
        format!("installations_{}.csv", self.as_str())
    }

    /// `classements_<dataset>.csv`.
    pub fn classements_file(self) -> String {
        format!("classements_{}.csv", self.as_str())
    }

    /// `documents_<dataset>.csv`.
    pub fn documents_file(self) -> String {
        format!("documents_{}.csv", self.as_str())
    }

    /// `aps_<dataset>.csv`.
    pub fn aps_file(self) -> String {
        format!("aps_{}.csv", self.as_str())
    }

    /// Whether the installation `s3ic_id` of `region` is in the dataset: the one rule that cuts
    /// every derived file (classements, documents, APs follow their installation).
    pub fn includes(self, s3ic_id: &str, region: &str) -> bool {
        match self {
            Dataset::All => true,
            Dataset::Idf => region == "ILE DE FRANCE",
            Dataset::Sample => {
                let code_points: u64 = s3ic_id.chars().map(u64::from).sum();
                code_points.is_multiple_of(10)
            }
        }
    }
}

/// The two prepared CSV files of one dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedDataset {
    /// Which dataset this is.
    pub dataset: Dataset,
    /// Content of `installations_<dataset>.csv`.
    pub installations: Vec<u8>,
    /// Content of `classements_<dataset>.csv`.
    pub classements: Vec<u8>,
}

/// A derived dataset smaller than the original required ([`MIN_SUBSET_ROWS`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatasetWarning {
    /// The prepared file concerned, e.g. `installations_sample.csv`.
    pub file: String,
    /// Its number of rows.
    pub rows: usize,
    /// The minimum the original asserted.
    pub minimum: usize,
}

impl fmt::Display for DatasetWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} has {} rows, fewer than the {} expected",
            self.file, self.rows, self.minimum
        )
    }
}

/// Everything one run produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3icOutput {
    /// `installations_all.csv` and `classements_all.csv`.
    pub all: PreparedDataset,
    /// `installations_idf.csv` and `classements_idf.csv`.
    pub idf: PreparedDataset,
    /// `installations_sample.csv` and `classements_sample.csv`.
    pub sample: PreparedDataset,
    /// Counts per rule.
    pub summary: S3icSummary,
    /// Derived datasets below the expected size.
    pub warnings: Vec<DatasetWarning>,
}

impl S3icOutput {
    /// The six files as (name, content), `all` first.
    pub fn files(&self) -> Vec<(String, &[u8])> {
        [&self.all, &self.idf, &self.sample]
            .into_iter()
            .flat_map(|prepared| {
                [
                    (
                        prepared.dataset.installations_file(),
                        prepared.installations.as_slice(),
                    ),
                    (
                        prepared.dataset.classements_file(),
                        prepared.classements.as_slice(),
                    ),
                ]
            })
            .collect()
    }
}

/// Transforms the raw extracts into the prepared datasets, or says every problem of the input.
pub fn transform(etablissements: &[u8], rubriques: &[u8]) -> Result<S3icOutput, S3icError> {
    let mut problems = Problems::default();
    let installation_table = installations::read(etablissements, &mut problems);
    let classement_table = classements::read(rubriques, &mut problems);
    let (Some(installation_table), Some(classement_table)) = (installation_table, classement_table)
    else {
        return Err(problems.into_error(&[INSTALLATIONS_EXTRACT, CLASSEMENTS_EXTRACT]));
    };
    let (installations, installation_counts) =
        installations::prepare(&installation_table, &mut problems);
    let published = installations::published_index(&installation_table, &installations);
    let (classements, classement_counts) =
        classements::prepare(&classement_table, &published, &mut problems);
    if !problems.is_empty() {
        return Err(problems.into_error(&[INSTALLATIONS_EXTRACT, CLASSEMENTS_EXTRACT]));
    }
    let mut summary = S3icSummary {
        installations: installation_counts,
        classements: classement_counts,
        datasets: Vec::new(),
    };
    let [all, idf, sample] = write_datasets(&installations, &classements, &mut summary);
    let warnings = small_dataset_warnings(&summary);
    Ok(S3icOutput {
        all,
        idf,
        sample,
        summary,
        warnings,
    })
}

/// Writes `all` and cuts `idf` and `sample` from it (each keeping the classements of its installations).
fn write_datasets(
    installations: &[Installation<'_>],
    classements: &[Classement<'_>],
    summary: &mut S3icSummary,
) -> [PreparedDataset; 3] {
    let mut installation_csv = CsvTable::new(FileKind::Installations.columns());
    installations
        .iter()
        .for_each(|installation| installation_csv.push(&installation.cells()));
    let mut classement_csv = CsvTable::new(FileKind::Classements.columns());
    classements
        .iter()
        .for_each(|classement| classement_csv.push(&classement.cells()));
    Dataset::ALL.map(|dataset| {
        let included: Vec<bool> = installations
            .iter()
            .map(|i| dataset.includes(i.s3ic_id, i.region))
            .collect();
        let of_included: Vec<bool> = classements
            .iter()
            .map(|classement| included[classement.installation])
            .collect();
        let (installations, installation_rows) = installation_csv.subset(&included);
        let (classements, classement_rows) = classement_csv.subset(&of_included);
        summary.datasets.push(DatasetCounts {
            dataset: dataset.as_str(),
            installations: installation_rows,
            classements: classement_rows,
        });
        PreparedDataset {
            dataset,
            installations,
            classements,
        }
    })
}

/// The original asserted the size of the derived datasets; a small one is worth a look, not a failure.
fn small_dataset_warnings(summary: &S3icSummary) -> Vec<DatasetWarning> {
    summary
        .datasets
        .iter()
        .filter(|counts| counts.dataset != Dataset::All.as_str())
        .flat_map(|counts| {
            [
                ("installations", counts.installations),
                ("classements", counts.classements),
            ]
            .map(|(kind, rows)| DatasetWarning {
                file: format!("{kind}_{}.csv", counts.dataset),
                rows,
                minimum: MIN_SUBSET_ROWS,
            })
        })
        .filter(|warning| warning.rows < MIN_SUBSET_ROWS)
        .collect()
}
