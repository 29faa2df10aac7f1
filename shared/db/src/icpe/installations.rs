//! Public installations upserted by S3IC id, keeping their ids.

use super::{Changes, count};
use crate::error::DbError;
use crate::pg_date::PgDate;
use envinorma_core::icpe_csv::InstallationRecord;
use tokio_postgres::Transaction;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
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

const COPY: &str = "COPY staged_installations
    (s3ic_id, name, region, department, zipcode, city, last_inspection, regime, seveso, state)
    FROM STDIN (FORMAT binary)";

const TYPES: [Type; 10] = [
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
];

/// Makes the public installations exactly `records` (S3IC ids unique): new ones inserted,
/// changed ones updated in place, absent ones deleted with what depends on them.
pub async fn replace_installations(
    tx: &Transaction<'_>,
    records: impl Iterator<Item = InstallationRecord> + Send,
) -> Result<(Changes, RemovedWith), DbError> {
    tx.batch_execute(include_str!("sql/installations_stage.sql"))
        .await?;
    let writer = BinaryCopyInWriter::new(tx.copy_in(COPY).await?, &TYPES);
    futures::pin_mut!(writer);
    for record in records {
        writer
            .as_mut()
            .write(&[
                &record.s3ic_id.to_string(),
                &record.name,
                &record.region,
                &record.department,
                &record.zipcode,
                &record.city,
                &PgDate::option(record.last_inspection),
                &record.regime.map(|r| r.as_str()),
                &record.seveso.map(|s| s.as_str()),
                &record.state.map(|s| s.as_str()),
            ])
            .await?;
    }
    let staged = writer.finish().await?;
    tx.batch_execute("ANALYZE staged_installations").await?;
    let removed = tx
        .query_one(include_str!("sql/installations_remove.sql"), &[])
        .await?;
    let updated = tx
        .execute(include_str!("sql/installations_update.sql"), &[])
        .await?;
    let inserted = tx
        .execute(include_str!("sql/installations_insert.sql"), &[])
        .await?;
    let changes = Changes {
        inserted,
        updated,
        deleted: count(&removed, 0),
        unchanged: staged.saturating_sub(inserted + updated),
    };
    let with = RemovedWith {
        classements: count(&removed, 1),
        aps: count(&removed, 2),
        prescriptions: count(&removed, 3),
        detached_copies: count(&removed, 4),
    };
    Ok((changes, with))
}
