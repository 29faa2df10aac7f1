//! Prepared CSVs → database: validate every row of every file, then replace the public ICPE
//! data in one transaction, and report.
//!
//! Only the dataset of [`ImportOptions::dataset`] is imported. Installations and classements
//! come together (with their APs when present); APs alone replace only the APs; the classement
//! catalogue may come alone or with the others. Any problem: nothing changes. Same files as
//! the last import: nothing changes. More than a fifth of the public installations would go:
//! refused unless forced.

mod apply;
mod input;
mod options;
mod report;
mod validate;

pub use input::{FileSet, Plan, PreparedFile, plan};
pub use options::ImportOptions;
pub use report::{ImportReport, Outcome, RemovedWith, TableReport};

use envinorma_core::icpe_csv::Problems;
use envinorma_db::{DbError, Pool};
use sha2::{Digest, Sha256};
use std::time::Instant;

/// What stops an import other than its input: the report cannot be trusted, retry later.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The database failed; the transaction was rolled back.
    #[error(transparent)]
    Db(#[from] DbError),
    /// A broken invariant; the transaction was rolled back.
    #[error("import aborted: {0}")]
    Internal(String),
}

/// Imports a set of prepared files; an invalid input is a report, not an error.
pub async fn import_prepared(
    db: &Pool,
    files: &[PreparedFile<'_>],
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let started = Instant::now();
    let names = files.iter().map(|f| f.name.to_string()).collect();
    let mut report = match FileSet::sort(files) {
        Err(reason) => {
            let mut report = ImportReport::new(names, None, Outcome::Rejected);
            report.reason = Some(reason);
            report
        }
        Ok(set) => import_set(db, &set, names, options).await?,
    };
    report.duration_ms = millis(started);
    Ok(report)
}

/// Milliseconds since `start`.
pub(crate) fn millis(start: Instant) -> u64 {
    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX)
}

async fn import_set(
    db: &Pool,
    set: &FileSet<'_>,
    names: Vec<String>,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let mut report = ImportReport::new(names, set.dataset.clone(), Outcome::Rejected);
    if let Some(dataset) = set.dataset.as_deref().filter(|d| *d != options.dataset) {
        report.outcome = Outcome::Skipped;
        report.reason = Some(format!(
            "dataset {dataset} is not the one this deployment imports ({})",
            options.dataset
        ));
        return Ok(report);
    }
    let mut problems = Problems::new(options.problem_limit);
    let validation = Instant::now();
    let opened = validate::validate(set, &mut problems, &mut report);
    report.validation_ms = millis(validation);
    if problems.is_empty() {
        for table in &report.tables {
            if table.read < 1000 {
                report.warnings.push(format!(
                    "{} has {} rows (the original data tasks required at least 1000)",
                    table.file, table.read
                ));
            }
        }
        let hashes = set
            .files()
            .into_iter()
            .map(|(kind, file)| (kind, (file.name.to_string(), sha256(file.bytes))))
            .collect();
        apply::apply(db, &opened, &hashes, options, &mut problems, &mut report).await?;
    }
    report.errors_total = problems.total();
    report.errors = problems.into_kept();
    Ok(report)
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
