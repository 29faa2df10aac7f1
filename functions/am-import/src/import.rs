//! The import itself: validate everything, then replace in one transaction.

use crate::archive::AmArchive;
use crate::report::{AmImportReport, FileProblem};
use crate::validate::parse_all;
use envinorma_db::DbError;
use envinorma_db::ams::{AmChanges, replace_ams};
use envinorma_db::lock::AdvisoryLock;
use std::time::Instant;

/// Share of the AMs in the database an import may delete unless forced: more is likelier a
/// truncated upload than the repeal of a fifth of the AMs in force.
pub const MAX_DELETED_SHARE: f64 = 0.20;

/// Imports the AM files of an archive: nothing changes unless every entry is a valid AM or
/// harmless, and none would delete more than [`MAX_DELETED_SHARE`] of the AMs unless `force`.
/// Concurrent imports queue on a lock, and the same archive twice changes nothing the second time.
pub async fn import_ams(
    client: &mut envinorma_db::tokio_postgres::Client,
    source: &str,
    archive: &AmArchive,
    force: bool,
) -> Result<AmImportReport, DbError> {
    let started = Instant::now();
    let mut report = AmImportReport {
        read: archive.files.len(),
        problems: archive.problems.clone(),
        ignored: archive.ignored.clone(),
        ..AmImportReport::start(source)
    };
    if archive.files.is_empty() && archive.problems.is_empty() {
        report.problems.push(FileProblem {
            file: source.to_string(),
            problem: "no AM file (<CID>.json): importing it would delete every AM".into(),
        });
    }
    match parse_all(&archive.files) {
        Err(problems) => report.problems.extend(problems),
        Ok(_) if !report.problems.is_empty() => {}
        Ok(ams) => {
            let transaction = client.transaction().await?;
            AdvisoryLock::AmImport.for_transaction(&transaction).await?;
            let changes = replace_ams(&transaction, &ams).await?;
            // Checked on what replacing did, under the lock: the AMs the database held are
            // those kept plus those deleted. Refused, all of it rolls back.
            let held = ams.len() - changes.inserted.len() + changes.deleted.len();
            match deletion_guard(source, &changes, held, force) {
                Guard::Refused(reason) => {
                    transaction.rollback().await?;
                    report.refused = Some(reason);
                }
                guard => {
                    report.forced = guard == Guard::Forced;
                    transaction.commit().await?;
                    report.unchanged = ams.len() - changes.inserted.len() - changes.updated.len();
                    report.changes = changes;
                }
            }
        }
    }
    report.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    Ok(report)
}

#[derive(Debug, PartialEq)]
enum Guard {
    Passed,
    Forced,
    Refused(String),
}

/// Too many deletions are refused, unless forced; an empty database accepts any archive.
fn deletion_guard(source: &str, changes: &AmChanges, held: usize, force: bool) -> Guard {
    let deleted = changes.deleted.len();
    if held == 0 || deleted as f64 <= held as f64 * MAX_DELETED_SHARE {
        return Guard::Passed;
    }
    if force {
        return Guard::Forced;
    }
    Guard::Refused(format!(
        "{source} would delete {deleted} of the {held} AMs ({:.0} %, more than {:.0} %): a truncated upload? Nothing changed; import again with force to confirm",
        deleted as f64 * 100.0 / held as f64,
        MAX_DELETED_SHARE * 100.0
    ))
}
