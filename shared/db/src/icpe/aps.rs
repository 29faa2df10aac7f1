//! APs upserted by Géorisques id, keeping their ids.

use super::copy::{Copy, StagedTable, replace_staged};
use super::{Changes, PgS3icId, public_ids};
use crate::error::DbError;
use crate::pg_date::PgDate;
use envinorma_core::icpe_csv::ApRecord;
use tokio_postgres::Transaction;
use tokio_postgres::types::Type;

const TABLE: StagedTable<8> = StagedTable {
    stage: include_str!("sql/aps_stage.sql"),
    staging: "staged_aps",
    copy: Copy {
        statement: "COPY staged_aps
            (position, georisques_id, installation_id, installation_s3ic_id, description, date, size, ocr_status)
            FROM STDIN (FORMAT binary)",
        types: [
            Type::INT8,
            Type::TEXT,
            Type::INT8,
            Type::TEXT,
            Type::TEXT,
            Type::DATE,
            Type::INT4,
            Type::TEXT,
        ],
    },
    remove: include_str!("sql/aps_remove.sql"),
    update: include_str!("sql/aps_update.sql"),
    insert: include_str!("sql/aps_insert.sql"),
};

/// Makes the APs exactly `records` (Géorisques ids unique, installations all public): new ones
/// inserted, changed ones updated in place, absent ones deleted.
pub async fn replace_aps(
    tx: &Transaction<'_>,
    records: impl Iterator<Item = ApRecord> + Send,
) -> Result<Changes, DbError> {
    let ids = public_ids(tx).await?;
    let rows = (0i64..).zip(records).map(|(position, record)| {
        let installation_id = *ids.get(&record.installation_s3ic_id).ok_or_else(|| {
            DbError::Data(format!(
                "AP {} of {}, which is not a public installation",
                record.georisques_id, record.installation_s3ic_id
            ))
        })?;
        Ok((
            position,
            record.georisques_id.to_string(),
            installation_id,
            PgS3icId(record.installation_s3ic_id),
            record.description,
            PgDate::option(record.date),
            record.size,
            record.ocr_status.as_str(),
        ))
    });
    Ok(replace_staged(tx, &TABLE, rows).await?.0)
}
