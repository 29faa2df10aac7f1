//! purge: the FAQ's promise that a user's data is deleted three months after their last visit.
//! Every day, the users not seen for three months go, with their installations (copies and
//! fictive ones), classements and prescriptions, in batches of one transaction each, so that a
//! purge of thousands of users never holds long locks; public installations stay.

mod lambda;

pub use lambda::PurgeFunction;

use envinorma_db::users::{Purged, purge_stale};
use envinorma_db::{DbError, Pool};
use serde::Serialize;
use std::time::Instant;

/// How long a user may stay away: the FAQ says three months.
pub const STALE_AFTER_MONTHS: i32 = 3;

/// Users removed per transaction: a few hundred milliseconds of work each.
pub const BATCH: i64 = 2_000;

/// What a run removed (or would remove, in a dry run).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub dry_run: bool,
    pub users: i64,
    pub installations: i64,
    pub prescriptions: i64,
    pub batches: u32,
    pub duration_ms: u128,
}

/// Purges batch after batch until none is left. A dry run counts what the first batches would
/// remove without removing anything, so it stops after one batch of at most everything.
pub async fn purge(pool: &Pool, dry_run: bool) -> Result<Summary, DbError> {
    let started = Instant::now();
    let mut summary = Summary {
        dry_run,
        ..Summary::default()
    };
    let mut client = pool.get().await?;
    loop {
        let transaction = client.transaction().await?;
        // A dry run counts every stale user at once: nothing is removed for a next batch to
        // find the others.
        let batch = if dry_run { i64::MAX } else { BATCH };
        let purged: Purged = purge_stale(&transaction, STALE_AFTER_MONTHS, batch, dry_run).await?;
        transaction.commit().await?;
        summary.batches += 1;
        summary.users += purged.users;
        summary.installations += purged.installations;
        summary.prescriptions += purged.prescriptions;
        if dry_run || purged.users < BATCH {
            break;
        }
    }
    summary.duration_ms = started.elapsed().as_millis();
    tracing::info!(
        summary = %serde_json::to_string(&summary).unwrap_or_default(),
        "purge: {} users, {} installations, {} prescriptions{}",
        summary.users,
        summary.installations,
        summary.prescriptions,
        if dry_run { " (dry run: nothing removed)" } else { "" }
    );
    Ok(summary)
}
