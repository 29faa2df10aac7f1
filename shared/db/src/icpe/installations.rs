//! Public installations upserted by S3IC id, keeping their ids.

use super::copy::{Copy, StagedTable, replace_staged};
use super::{Changes, PgS3icId, count};
use crate::error::DbError;
use crate::pg_date::PgDate;
use envinorma_core::icpe_csv::InstallationRecord;
use tokio_postgres::Transaction;
use tokio_postgres::types::Type;

/// What went with the removed installations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RemovedWith {
    /// Their classements.
    pub classements: u64,
    /// Their APs.
    pub aps: u64,
    /// The prescriptions users had made for them.
    pub prescriptions: u64,
    /// Users' copies of them, kept but no longer linked to an original.
    pub detached_copies: u64,
}

const TABLE: StagedTable<10> = StagedTable {
    stage: include_str!("sql/installations_stage.sql"),
    staging: "staged_installations",
    copy: Copy {
        statement: "COPY staged_installations
            (s3ic_id, name, region, department, zipcode, city, last_inspection, regime, seveso, state)
            FROM STDIN (FORMAT binary)",
        types: [
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::DATE,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
        ],
    },
    remove: include_str!("sql/installations_remove.sql"),
    update: include_str!("sql/installations_update.sql"),
    insert: include_str!("sql/installations_insert.sql"),
};

/// Makes the public installations exactly `records` (S3IC ids unique): new ones inserted,
/// changed ones updated in place, absent ones deleted with what depends on them.
pub async fn replace_installations(
    tx: &Transaction<'_>,
    records: impl Iterator<Item = InstallationRecord> + Send,
) -> Result<(Changes, RemovedWith), DbError> {
    let rows = records.map(|record| {
        Ok((
            PgS3icId(record.s3ic_id),
            record.name,
            record.region,
            record.department,
            record.zipcode,
            record.city,
            PgDate::option(record.last_inspection),
            record.regime.map(|r| r.as_str()),
            record.seveso.map(|s| s.as_str()),
            record.state.map(|s| s.as_str()),
        ))
    });
    let (changes, removed) = replace_staged(tx, &TABLE, rows).await?;
    let with = RemovedWith {
        classements: count(&removed, 1),
        aps: count(&removed, 2),
        prescriptions: count(&removed, 3),
        detached_copies: count(&removed, 4),
    };
    Ok((changes, with))
}
