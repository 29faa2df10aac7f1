//! The S3 trigger: a new `am/ams/latest.zip` is imported, and its report written beside it.

use crate::archive::{ArchiveLimits, read_zip};
use crate::import::import_ams;
use crate::report::{AmImportReport, FileProblem};
use envinorma_cloud::{Bucket, CloudError, ObjectEvent, ObjectStore, put_report};
use envinorma_db::{DbError, Pool};

/// The key the back-office publishes the AMs in force to; timestamped copies are not imported.
pub const LATEST_ARCHIVE: &str = "ams/latest.zip";

/// Why an event could not be handled (the trigger retries it).
#[derive(Debug, thiserror::Error)]
pub enum HandlerError {
    #[error(transparent)]
    Cloud(#[from] CloudError),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Handles one object event: `None` for objects this function does not import. An archive
/// uploaded with `force=true` metadata may delete more AMs than the guard allows.
pub async fn handle(
    store: &dyn ObjectStore,
    pool: &Pool,
    event: &ObjectEvent,
) -> Result<Option<AmImportReport>, HandlerError> {
    if event.bucket != Bucket::Am || event.key != LATEST_ARCHIVE || !event.is_created() {
        return Ok(None);
    }
    let source = format!("am/{}", event.key);
    let limits = ArchiveLimits::default();
    let refused = |problem: String| AmImportReport {
        problems: vec![FileProblem {
            file: source.clone(),
            problem,
        }],
        ..AmImportReport::start(&source)
    };
    // A zip holds at least what it compresses: one larger than the limit of its AM files
    // together is refused before its bytes are fetched into the function's memory.
    let size = store.head(Bucket::Am, &event.key).await?.summary.size;
    let report = if size > limits.max_total_bytes {
        refused(format!(
            "the archive is {size} bytes, more than the {} bytes its AM files may hold together: not read",
            limits.max_total_bytes
        ))
    } else {
        let archive = store.get(Bucket::Am, &event.key).await?;
        match read_zip(&source, &archive.body, limits) {
            Ok(files) => {
                let mut client = pool.get().await.map_err(DbError::from)?;
                import_ams(&mut client, &source, &files, archive.head.is_forced()).await?
            }
            Err(error) => refused(error.to_string()),
        }
    };
    let started = report.started_at.replace(['-', ':'], "");
    put_report(store, Bucket::Am, &event.key, &started, &report).await?;
    if report.succeeded() {
        tracing::info!("{}", report.summary());
    } else {
        tracing::error!("{}", report.summary());
    }
    Ok(Some(report))
}
