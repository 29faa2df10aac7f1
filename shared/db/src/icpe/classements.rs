//! Classements of public installations, rewritten only for the installations whose list changed.

use super::Changes;
use super::digests::ClassementDigests;
use crate::error::DbError;
use crate::pg_date::PgDate;
use envinorma_core::icpe_csv::{ClassementRecord, S3icId};
use std::collections::HashMap;
use tokio_postgres::Transaction;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::Type;

const COPY: &str = "COPY classements
    (installation_id, rubrique, regime, alinea, rubrique_acte, regime_acte, alinea_acte, activite,
     date_autorisation, date_mise_en_service, volume)
    FROM STDIN (FORMAT binary)";

const TYPES: [Type; 11] = [
    Type::INT8,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::DATE,
    Type::DATE,
    Type::TEXT,
];

/// Makes the classements of public installations exactly `records`, whose `digests` the caller
/// took while validating them; every record's installation must be public (replace the
/// installations first). Users' installations keep theirs.
///
/// Lists whose digest equals the one stored at the last import are left as they are, so a
/// daily import with few changes writes few rows.
pub async fn replace_classements(
    tx: &Transaction<'_>,
    digests: &ClassementDigests,
    records: impl Iterator<Item = ClassementRecord> + Send,
) -> Result<Changes, DbError> {
    let rows = tx
        .query(
            "SELECT s3ic_id, id, classements_digest FROM installations WHERE user_id IS NULL",
            &[],
        )
        .await?;
    // S3IC id → (database id, whether its list changed).
    let mut installations: HashMap<S3icId, (i64, bool)> = HashMap::with_capacity(rows.len());
    let (mut changed_ids, mut changed_digests) = (Vec::new(), Vec::new());
    for row in &rows {
        let text: &str = row.get(0);
        let s3ic_id = S3icId::parse(text)
            .ok_or_else(|| DbError::Data(format!("installation s3ic_id {text:?}")))?;
        let (id, stored): (i64, Option<&[u8]>) = (row.get(1), row.get(2));
        let digest = digests.get(s3ic_id);
        let changed = stored != Some(digest.as_slice());
        if changed {
            changed_ids.push(id);
            changed_digests.push(digest.to_vec());
        }
        installations.insert(s3ic_id, (id, changed));
    }
    let deleted = tx
        .execute(
            "DELETE FROM classements WHERE installation_id = ANY($1)",
            &[&changed_ids],
        )
        .await?;
    let writer = BinaryCopyInWriter::new(tx.copy_in(COPY).await?, &TYPES);
    futures::pin_mut!(writer);
    let mut read = 0;
    for record in records {
        read += 1;
        let (installation_id, changed) = installations.get(&record.s3ic_id).ok_or_else(|| {
            DbError::Data(format!(
                "classement of {}, which is not a public installation",
                record.s3ic_id
            ))
        })?;
        if !changed {
            continue;
        }
        writer
            .as_mut()
            .write(&[
                installation_id,
                &record.details.rubrique,
                &record.details.regime.as_str(),
                &record.details.alinea,
                &record.details.rubrique_acte,
                &record.details.regime_acte.map(|r| r.as_str()),
                &record.details.alinea_acte,
                &record.details.activite,
                &PgDate::option(record.details.date_autorisation),
                &PgDate::option(record.details.date_mise_en_service),
                &record.details.volume.stored(),
            ])
            .await?;
    }
    let inserted = writer.finish().await?;
    tx.execute(
        "UPDATE installations i SET classements_digest = changed.digest
         FROM unnest($1::bigint[], $2::bytea[]) AS changed (id, digest)
         WHERE i.id = changed.id",
        &[&changed_ids, &changed_digests],
    )
    .await?;
    Ok(Changes {
        inserted,
        updated: 0,
        deleted,
        unchanged: read - inserted,
    })
}
