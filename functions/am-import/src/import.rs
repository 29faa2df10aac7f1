//! The import itself: validate everything, then replace in one transaction.

use crate::report::AmImportReport;
use crate::validate::parse_all;
use envinorma_db::DbError;
use envinorma_db::ams::replace_ams;
use envinorma_db::lock::AdvisoryLock;
use std::time::Instant;

/// Imports the AM files of an archive: nothing changes unless every file is valid. Concurrent
/// imports queue on a lock, and the same archive twice changes nothing the second time.
pub async fn import_ams(
    client: &mut envinorma_db::tokio_postgres::Client,
    source: &str,
    files: &[(String, Vec<u8>)],
) -> Result<AmImportReport, DbError> {
    let started = Instant::now();
    let mut report = AmImportReport {
        read: files.len(),
        ..AmImportReport::start(source)
    };
    match parse_all(files) {
        Err(problems) => report.problems = problems,
        Ok(ams) => {
            let transaction = client.transaction().await?;
            AdvisoryLock::AmImport.for_transaction(&transaction).await?;
            report.changes = replace_ams(&transaction, &ams).await?;
            transaction.commit().await?;
            report.unchanged =
                ams.len() - report.changes.inserted.len() - report.changes.updated.len();
        }
    }
    report.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    Ok(report)
}
