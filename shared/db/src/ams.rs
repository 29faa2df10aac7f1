//! Arrêtés ministériels and their alinéa index: replaced together, in one transaction, by the
//! AM import.

use crate::client::Client;
use crate::error::DbError;
use crate::pg_date::PgDate;
use envinorma_core::alinea_index::alinea_index;
use envinorma_core::{ArreteMinisteriel, content_fingerprint};
use futures::pin_mut;
use postgres_types::{Json, ToSql, Type};
use tokio_postgres::Transaction;
use tokio_postgres::binary_copy::BinaryCopyInWriter;

/// What replacing the AMs changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct AmChanges {
    /// CIDs of AMs that were not in the database.
    pub inserted: Vec<String>,
    /// CIDs of AMs whose stored form changed (text, parametrization, topics…).
    pub updated: Vec<String>,
    /// CIDs of updated AMs whose text changed: their `content_updated_at` moved.
    pub content_changed: Vec<String>,
    /// CIDs of AMs no longer published, deleted with their prescriptions.
    pub deleted: Vec<String>,
    /// Prescriptions deleted with their AM.
    pub prescriptions_deleted: u64,
    /// Alinéa index rows written (those of inserted and updated AMs).
    pub alineas_written: u64,
}

/// Makes the `ams` table hold exactly `ams`: new ones inserted, changed ones updated
/// (`content_updated_at` moves only when the text changed), missing ones deleted with their
/// prescriptions; the alinéa index of every inserted or updated AM is rebuilt. Unchanged AMs are
/// not touched, so importing the same AMs twice changes nothing.
pub async fn replace_ams(
    transaction: &Transaction<'_>,
    ams: &[ArreteMinisteriel],
) -> Result<AmChanges, DbError> {
    transaction
        .batch_execute(
            "CREATE TEMP TABLE incoming_ams (LIKE ams INCLUDING DEFAULTS) ON COMMIT DROP;
             ALTER TABLE incoming_ams DROP COLUMN id",
        )
        .await?;
    copy_ams(transaction, ams).await?;

    let prescriptions_deleted = transaction
        .query_one(
            "SELECT count(*) FROM prescriptions p
             WHERE p.from_am_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM incoming_ams i WHERE i.cid = p.from_am_id)",
            &[],
        )
        .await?
        .get::<_, i64>(0);
    let deleted = cids(
        transaction,
        "DELETE FROM ams a WHERE NOT EXISTS (SELECT 1 FROM incoming_ams i WHERE i.cid = a.cid) RETURNING cid",
    )
    .await?;

    let rows = transaction
        .query(include_str!("ams_upsert.sql"), &[])
        .await?;
    let mut changes = AmChanges {
        deleted,
        prescriptions_deleted: prescriptions_deleted as u64,
        ..AmChanges::default()
    };
    for row in rows {
        let cid: String = row.get("cid");
        match (
            row.get::<_, bool>("inserted"),
            row.get::<_, bool>("content_changed"),
        ) {
            (true, _) => changes.inserted.push(cid),
            (false, content_changed) => {
                if content_changed {
                    changes.content_changed.push(cid.clone());
                }
                changes.updated.push(cid);
            }
        }
    }

    let rewritten: Vec<&str> = changes
        .inserted
        .iter()
        .chain(&changes.updated)
        .map(String::as_str)
        .collect();
    transaction
        .execute(
            "DELETE FROM alinea_stores WHERE am_id = ANY($1)",
            &[&rewritten],
        )
        .await?;
    let to_index = ams.iter().filter(|am| rewritten.contains(&am.id.as_str()));
    changes.alineas_written = copy_alineas(transaction, to_index).await?;
    for list in [
        &mut changes.inserted,
        &mut changes.updated,
        &mut changes.content_changed,
        &mut changes.deleted,
    ] {
        list.sort();
    }
    Ok(changes)
}

async fn cids(transaction: &Transaction<'_>, sql: &str) -> Result<Vec<String>, DbError> {
    Ok(transaction
        .query(sql, &[])
        .await?
        .iter()
        .map(|row| row.get(0))
        .collect())
}

async fn copy_ams(transaction: &Transaction<'_>, ams: &[ArreteMinisteriel]) -> Result<(), DbError> {
    let sink = transaction
        .copy_in(
            "COPY incoming_ams (cid, title, data, aida_url, legifrance_url, classements_with_alineas,
                 date_of_signature, is_transverse, nickname, applicability, content_fingerprint)
             FROM STDIN BINARY",
        )
        .await?;
    let types = [
        Type::TEXT,
        Type::TEXT,
        Type::JSONB,
        Type::TEXT,
        Type::TEXT,
        Type::JSONB,
        Type::DATE,
        Type::BOOL,
        Type::TEXT,
        Type::JSONB,
        Type::INT8,
    ];
    let writer = BinaryCopyInWriter::new(sink, &types);
    pin_mut!(writer);
    for am in ams {
        // The fingerprint is a u64; PostgreSQL stores it as a bigint, bit for bit.
        let fingerprint = content_fingerprint(am) as i64;
        let row: [&(dyn ToSql + Sync); 11] = [
            &am.id,
            &am.title.text,
            &Json(am),
            &am.aida_url,
            &am.legifrance_url,
            &Json(&am.classements_with_alineas),
            &am.signature_date().map(PgDate),
            &am.is_transverse,
            &am.nickname,
            &Json(&am.applicability),
            &fingerprint,
        ];
        writer.as_mut().write(&row).await?;
    }
    writer.finish().await?;
    Ok(())
}

async fn copy_alineas<'a>(
    transaction: &Transaction<'_>,
    ams: impl Iterator<Item = &'a ArreteMinisteriel>,
) -> Result<u64, DbError> {
    let sink = transaction
        .copy_in(
            "COPY alinea_stores (am_id, section_id, index_in_section, section_name, section_reference,
                 section_rank, topic, content, is_table)
             FROM STDIN BINARY",
        )
        .await?;
    let types = [
        Type::TEXT,
        Type::TEXT,
        Type::INT4,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::BOOL,
    ];
    let writer = BinaryCopyInWriter::new(sink, &types);
    pin_mut!(writer);
    for am in ams {
        for row in alinea_index(am) {
            let index = i32::try_from(row.index_in_section)
                .map_err(|_| DbError::Data(format!("{}: too many alineas", am.id)))?;
            let values: [&(dyn ToSql + Sync); 9] = [
                &am.id,
                &row.section_id,
                &index,
                &row.section_name,
                &row.section_reference,
                &row.section_rank,
                &row.topic,
                &row.content.as_ref(),
                &row.is_table,
            ];
            writer.as_mut().write(&values).await?;
        }
    }
    Ok(writer.finish().await?)
}

/// One stored AM, parsed.
pub async fn get(client: &impl Client, cid: &str) -> Result<Option<StoredAm>, DbError> {
    Ok(get_many(client, &[cid.to_string()]).await?.pop())
}

/// An AM as the database holds it.
#[derive(Debug, Clone)]
pub struct StoredAm {
    pub am: ArreteMinisteriel,
    /// When its text last changed (ISO timestamp).
    pub content_updated_at: String,
}

/// What identifies a state of the `ams` table: an import changes the count or the latest update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogVersion {
    count: i64,
    updated_at: Option<String>,
}

/// The current [`CatalogVersion`].
pub async fn catalog_version(client: &impl Client) -> Result<CatalogVersion, DbError> {
    let row = client
        .query_one("SELECT count(*), max(updated_at)::text FROM ams", &[])
        .await?;
    Ok(CatalogVersion {
        count: row.get(0),
        updated_at: row.get(1),
    })
}

/// Every AM without its sections (what AM lists need), by CID.
pub async fn without_sections(client: &impl Client) -> Result<Vec<ArreteMinisteriel>, DbError> {
    let rows = client
        .query("SELECT data - 'sections' FROM ams ORDER BY cid", &[])
        .await?;
    rows.iter()
        .map(|row| Ok(row.try_get::<_, Json<ArreteMinisteriel>>(0)?.0))
        .collect()
}

/// The stored AMs of these CIDs, in the order asked; unknown CIDs are skipped.
pub async fn get_many(client: &impl Client, cids: &[String]) -> Result<Vec<StoredAm>, DbError> {
    let rows = client
        .query(
            "SELECT data, content_updated_at::text FROM ams
             JOIN unnest($1::text[]) WITH ORDINALITY AS asked (cid, position) USING (cid)
             ORDER BY position",
            &[&cids],
        )
        .await?;
    rows.iter()
        .map(|row| {
            Ok(StoredAm {
                am: row.try_get::<_, Json<ArreteMinisteriel>>(0)?.0,
                content_updated_at: row.get(1),
            })
        })
        .collect()
}

/// An AM's text, unless the caller holds its latest version already.
#[derive(Debug, Clone)]
pub enum Fetched {
    /// The AM is not stored.
    Missing,
    /// The version the caller named (its `updated_at`) is the stored one.
    Unchanged,
    /// The stored AM and its version.
    Changed {
        am: Box<ArreteMinisteriel>,
        version: String,
    },
}

/// The AM `cid`, parsed, unless `known_version` (an `updated_at` this function returned
/// before) is still the stored one: one round trip either way, and no JSON sent when unchanged.
pub async fn fetch_if_changed(
    client: &impl Client,
    cid: &str,
    known_version: Option<&str>,
) -> Result<Fetched, DbError> {
    let statement = client
        .prepare_cached(
            "SELECT updated_at::text,
                    CASE WHEN updated_at::text IS NOT DISTINCT FROM $2 THEN NULL ELSE data END
             FROM ams WHERE cid = $1",
        )
        .await?;
    let row = client
        .query_opt(&statement, &[&cid, &known_version])
        .await?;
    let Some(row) = row else {
        return Ok(Fetched::Missing);
    };
    Ok(
        match row.try_get::<_, Option<Json<ArreteMinisteriel>>>(1)? {
            None => Fetched::Unchanged,
            Some(Json(am)) => Fetched::Changed {
                am: Box::new(am),
                version: row.get(0),
            },
        },
    )
}
