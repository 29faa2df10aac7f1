//! Prepared CSVs → database: validate every row of every file, then replace the public ICPE
//! data in one transaction, and report.
//!
//! The files are read once the import holds its lock ([`FileSource`]): the last import to commit
//! has read the newest files. Installations and classements come together (with their APs when
//! present); APs alone replace only the APs; the classement catalogue may come alone or with the
//! others. Any problem: nothing changes. Same files as the last import: nothing changes. More
//! than a fifth of the public installations would go: refused unless forced. The files are
//! imported whatever their dataset: choosing one ([`ImportOptions::dataset`]) is the triggers'.

mod apply;
mod input;
mod options;
mod report;
mod source;
mod validate;

pub use input::{FileSet, Plan, PreparedFile, plan, waits_for_its_run};
pub use options::{DATASET_VAR, ImportOptions, InvalidDataset};
pub use report::{ImportReport, Outcome, RemovedWith, TableReport};
pub use source::{FetchError, Fetched, FileSource};

use envinorma_core::icpe_csv::Problems;
use envinorma_db::lock::AdvisoryLock;
use envinorma_db::tokio_postgres::Transaction;
use envinorma_db::{DbError, Pool};
use sha2::{Digest, Sha256};
use std::time::Instant;

/// What stops an import other than its input: the report cannot be trusted, retry later.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The database failed; the transaction was rolled back.
    #[error(transparent)]
    Db(#[from] DbError),
    /// The files could not be read; nothing changed.
    #[error("cannot read the files to import: {0}")]
    Fetch(#[from] FetchError),
    /// A broken invariant; the transaction was rolled back.
    #[error("import aborted: {0}")]
    Internal(String),
}

/// How an import from a [`FileSource`] ended.
#[derive(Debug)]
pub enum Run {
    /// The files were read and imported (or rejected, refused, unchanged).
    Done(ImportReport),
    /// The source had nothing to import yet, for this reason.
    Waited(String),
}

/// Imports files already read; an invalid input is a report, not an error.
pub async fn import_prepared(
    db: &Pool,
    files: &[PreparedFile<'_>],
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    match import_from(db, files, options).await? {
        Run::Done(report) => Ok(report),
        // Files already read never ask to wait.
        Run::Waited(why) => Err(ImportError::Internal(why)),
    }
}

/// Takes the import lock, then reads the source's files and imports them: committed only when
/// imported, then the rewritten tables analysed.
pub async fn import_from<S: FileSource + ?Sized>(
    db: &Pool,
    source: &S,
    options: &ImportOptions,
) -> Result<Run, ImportError> {
    let started = Instant::now();
    let mut client = db.get().await.map_err(DbError::from)?;
    let tx = client.transaction().await.map_err(DbError::from)?;
    // Deliveries of one event, or of files landing together, queue here: each then reads the
    // files as the previous one left them, and sees its result.
    AdvisoryLock::IcpeImport.for_transaction(&*tx).await?;
    let (files, force) = match source.fetch().await? {
        Fetched::Wait(why) => return Ok(Run::Waited(why)),
        Fetched::Files { files, force } => (files, force),
    };
    let files: Vec<PreparedFile<'_>> = files
        .iter()
        .map(|(name, bytes)| PreparedFile {
            name,
            bytes: bytes.as_ref(),
        })
        .collect();
    let forced;
    let options = if force && !options.force {
        forced = options.clone().forced();
        &forced
    } else {
        options
    };
    let names = files.iter().map(|f| f.name.to_string()).collect();
    let mut report = match FileSet::sort(&files) {
        Err(reason) => {
            let mut report = ImportReport::new(names, None, Outcome::Rejected);
            report.reason = Some(reason);
            report
        }
        Ok(set) => import_set(&tx, &set, names, options).await?,
    };
    if report.outcome == Outcome::Imported {
        tx.commit().await.map_err(DbError::from)?;
        apply::analyze(&client, &mut report).await;
    }
    report.duration_ms = millis(started);
    Ok(Run::Done(report))
}

/// Milliseconds since `start`.
pub(crate) fn millis(start: Instant) -> u64 {
    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX)
}

async fn import_set(
    tx: &Transaction<'_>,
    set: &FileSet<'_>,
    names: Vec<String>,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let mut report = ImportReport::new(names, set.dataset.clone(), Outcome::Rejected);
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
        apply::apply(tx, &opened, &hashes, options, &mut problems, &mut report).await?;
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
