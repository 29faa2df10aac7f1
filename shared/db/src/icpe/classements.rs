//! Classements of public installations, rewritten only for the installations whose list changed.

use super::copy::{Copy, copy_rows};
use super::digests::ClassementDigests;
use super::{Changes, PgS3icId};
use crate::error::DbError;
use crate::pg_date::PgDate;
use envinorma_core::icpe_csv::{ClassementRecord, S3icId};
use std::collections::HashMap;
use tokio_postgres::Transaction;
use tokio_postgres::types::Type;

// Classements have no key to merge on: a changed list is deleted and copied in whole.
const COPY: Copy<11> = Copy {
    statement: "COPY classements
        (installation_id, rubrique, regime, alinea, rubrique_acte, regime_acte, alinea_acte,
         activite, date_autorisation, date_mise_en_service, volume)
        FROM STDIN (FORMAT binary)",
    types: [
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
    ],
};

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
        let PgS3icId(s3ic_id) = row.try_get(0)?;
        let (id, stored): (i64, Option<&[u8]>) = (row.try_get(1)?, row.try_get(2)?);
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
    let mut read = 0;
    let rows = records.filter_map(|record| {
        read += 1;
        let (installation_id, changed) = match installations.get(&record.s3ic_id) {
            Some(installation) => *installation,
            None => {
                return Some(Err(DbError::Data(format!(
                    "classement of {}, which is not a public installation",
                    record.s3ic_id
                ))));
            }
        };
        let details = record.details;
        changed.then(move || {
            Ok((
                installation_id,
                details.rubrique,
                details.regime.as_str(),
                details.alinea,
                details.rubrique_acte,
                details.regime_acte.map(|r| r.as_str()),
                details.alinea_acte,
                details.activite,
                PgDate::option(details.date_autorisation),
                PgDate::option(details.date_mise_en_service),
                details.volume.stored().map(str::to_owned),
            ))
        })
    });
    let inserted = copy_rows(tx, &COPY, rows).await?;
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
