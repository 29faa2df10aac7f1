//! The nomenclature catalogue, upserted by (rubrique, régime, alinéa), keeping ids (forms
//! that were open during an import still point to the right line).

use super::Changes;
use super::copy::{Copy, StagedTable, replace_staged};
use crate::error::DbError;
use envinorma_core::icpe_csv::ClassementReferenceRecord;
use tokio_postgres::Transaction;
use tokio_postgres::types::Type;

const TABLE: StagedTable<5> = StagedTable {
    stage: include_str!("sql/classement_references_stage.sql"),
    staging: "staged_classement_references",
    copy: Copy {
        statement: "COPY staged_classement_references
            (position, rubrique, regime, alinea, description)
            FROM STDIN (FORMAT binary)",
        types: [Type::INT8, Type::TEXT, Type::TEXT, Type::TEXT, Type::TEXT],
    },
    remove: include_str!("sql/classement_references_remove.sql"),
    update: include_str!("sql/classement_references_update.sql"),
    insert: include_str!("sql/classement_references_insert.sql"),
};

/// Makes the catalogue exactly `records` (keys unique).
pub async fn replace_classement_references(
    tx: &Transaction<'_>,
    records: impl Iterator<Item = ClassementReferenceRecord> + Send,
) -> Result<Changes, DbError> {
    let rows = (0i64..).zip(records).map(|(position, record)| {
        Ok((
            position,
            record.rubrique,
            record.regime.as_str(),
            record.alinea,
            record.description,
        ))
    });
    Ok(replace_staged(tx, &TABLE, rows).await?.0)
}
