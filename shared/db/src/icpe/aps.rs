//! APs upserted by Géorisques id, keeping their ids.

use super::{Changes, public_ids};
use crate::error::DbError;
use crate::pg_date::PgDate;
use envinorma_core::icpe_csv::ApRecord;
use tokio_postgres::Transaction;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::Type;

const COPY: &str = "COPY staged_aps
    (position, georisques_id, installation_id, installation_s3ic_id, description, date, size, ocr_status)
    FROM STDIN (FORMAT binary)";

const TYPES: [Type; 8] = [
    Type::INT8,
    Type::TEXT,
    Type::INT8,
    Type::TEXT,
    Type::TEXT,
    Type::DATE,
    Type::INT4,
    Type::TEXT,
];

/// Makes the APs exactly `records` (Géorisques ids unique, installations all public): new ones
/// inserted, changed ones updated in place, absent ones deleted.
pub async fn replace_aps(
    tx: &Transaction<'_>,
    records: impl Iterator<Item = ApRecord> + Send,
) -> Result<Changes, DbError> {
    let ids = public_ids(tx).await?;
    tx.batch_execute(include_str!("sql/aps_stage.sql")).await?;
    let writer = BinaryCopyInWriter::new(tx.copy_in(COPY).await?, &TYPES);
    futures::pin_mut!(writer);
    for (position, record) in (0i64..).zip(records) {
        let installation_id = ids.get(&record.installation_s3ic_id).ok_or_else(|| {
            DbError::Data(format!(
                "AP {} of {}, which is not a public installation",
                record.georisques_id, record.installation_s3ic_id
            ))
        })?;
        writer
            .as_mut()
            .write(&[
                &position,
                &record.georisques_id.to_string(),
                installation_id,
                &record.installation_s3ic_id.to_string(),
                &record.description,
                &PgDate::option(record.date),
                &record.size,
                &record.ocr_status.as_str(),
            ])
            .await?;
    }
    let staged = writer.finish().await?;
    tx.batch_execute("ANALYZE staged_aps").await?;
    let deleted = tx.execute(include_str!("sql/aps_remove.sql"), &[]).await?;
    let updated = tx.execute(include_str!("sql/aps_update.sql"), &[]).await?;
    let inserted = tx.execute(include_str!("sql/aps_insert.sql"), &[]).await?;
    Ok(Changes {
        inserted,
        updated,
        deleted,
        unchanged: staged.saturating_sub(inserted + updated),
    })
}
