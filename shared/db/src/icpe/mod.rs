//! Bulk replacement of the public ICPE data (installations, classements, APs, classement
//! references) from validated records, streamed with binary COPY into staging tables and
//! merged with set-based SQL.
//!
//! Every function runs inside the caller's transaction: the import decides what goes
//! together and commits once. Public rows are those with `user_id IS NULL`; users' fictive
//! installations and copies are never touched, except that a copy of a removed installation
//! loses its `duplicated_from_id` (the foreign key's `ON DELETE SET NULL`).

mod aps;
mod classement_references;
mod classements;
mod copy;
mod digests;
mod installations;
mod s3ic_id;
mod state;

pub use aps::replace_aps;
pub use classement_references::replace_classement_references;
pub use classements::replace_classements;
pub use digests::ClassementDigests;
pub use installations::{RemovedWith, replace_installations};
pub use s3ic_id::PgS3icId;
pub use state::{ImportedFile, last_imports, record_import};

use crate::error::DbError;
use envinorma_core::icpe_csv::S3icId;
use std::collections::{HashMap, HashSet};
use tokio_postgres::Transaction;

/// What a replacement changed in one table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    /// Rows added.
    pub inserted: u64,
    /// Rows whose values changed (same id).
    pub updated: u64,
    /// Rows removed.
    pub deleted: u64,
    /// Rows left exactly as they were.
    pub unchanged: u64,
}

/// The S3IC ids of the public installations.
pub async fn public_s3ic_ids(tx: &Transaction<'_>) -> Result<HashSet<S3icId>, DbError> {
    Ok(public_ids(tx).await?.into_keys().collect())
}

/// Public installations: S3IC id → database id.
pub(crate) async fn public_ids(tx: &Transaction<'_>) -> Result<HashMap<S3icId, i64>, DbError> {
    let rows = tx
        .query(
            "SELECT s3ic_id, id FROM installations WHERE user_id IS NULL",
            &[],
        )
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get::<_, PgS3icId>(0)?.0, row.try_get(1)?)))
        .collect()
}

/// Rows a statement returned as a count (`SELECT count(*)`-like first column).
pub(crate) fn count(row: &tokio_postgres::Row, index: usize) -> u64 {
    u64::try_from(row.get::<_, i64>(index)).unwrap_or_default()
}
