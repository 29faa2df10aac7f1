//! The nomenclature catalogue, upserted by (rubrique, régime, alinéa), keeping ids (forms
//! that were open during an import still point to the right line).

use super::Changes;
use crate::error::DbError;
use envinorma_core::icpe_csv::ClassementReferenceRecord;
use tokio_postgres::Transaction;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::Type;

const COPY: &str =
    "COPY staged_classement_references (position, rubrique, regime, alinea, description)
    FROM STDIN (FORMAT binary)";

const TYPES: [Type; 5] = [Type::INT8, Type::TEXT, Type::TEXT, Type::TEXT, Type::TEXT];

/// Makes the catalogue exactly `records` (keys unique).
pub async fn replace_classement_references(
    tx: &Transaction<'_>,
    records: impl Iterator<Item = ClassementReferenceRecord> + Send,
) -> Result<Changes, DbError> {
    tx.batch_execute(include_str!("sql/classement_references_stage.sql"))
        .await?;
    let writer = BinaryCopyInWriter::new(tx.copy_in(COPY).await?, &TYPES);
    futures::pin_mut!(writer);
    for (position, record) in (0i64..).zip(records) {
        writer
            .as_mut()
            .write(&[
                &position,
                &record.rubrique,
                &record.regime.as_str(),
                &record.alinea,
                &record.description,
            ])
            .await?;
    }
    let staged = writer.finish().await?;
    let deleted = tx
        .execute(include_str!("sql/classement_references_remove.sql"), &[])
        .await?;
    let updated = tx
        .execute(include_str!("sql/classement_references_update.sql"), &[])
        .await?;
    let inserted = tx
        .execute(include_str!("sql/classement_references_insert.sql"), &[])
        .await?;
    Ok(Changes {
        inserted,
        updated,
        deleted,
        unchanged: staged.saturating_sub(inserted + updated),
    })
}
