//! The back-office's tables (schema `bo`): editors, their sessions and failed logins, the AMs
//! as three JSON documents each, and the log of every change.

use crate::client::Client;
use crate::error::DbError;
use envinorma_core::authoring::{AmDocuments, AmMetadata};
use postgres_types::{Json, ToSql};
use serde::de::DeserializeOwned;
use std::time::Duration;
use tokio_postgres::Row;
use uuid::Uuid;

/// A signed-in editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    pub id: i64,
    pub login: String,
}

/// Creates an editor; `Ok(None)` when the login is taken.
pub async fn add_editor(
    client: &impl Client,
    login: &str,
    password_hash: &str,
) -> Result<Option<i64>, DbError> {
    let row = client
        .query_opt(
            "INSERT INTO bo.editors (login, password_hash) VALUES ($1, $2)
             ON CONFLICT (login) DO NOTHING RETURNING id",
            &[&login, &password_hash],
        )
        .await?;
    Ok(row.map(|row| row.get(0)))
}

/// The editor of a login and their password hash.
pub async fn editor_by_login(
    client: &impl Client,
    login: &str,
) -> Result<Option<(Editor, String)>, DbError> {
    let row = client
        .query_opt(
            "SELECT id, login, password_hash FROM bo.editors WHERE login = $1",
            &[&login],
        )
        .await?;
    Ok(row.map(|row| {
        (
            Editor {
                id: row.get(0),
                login: row.get(1),
            },
            row.get(2),
        )
    }))
}

/// Opens a session of `editor` for `lasting`; its id is drawn from the OS random source.
pub async fn open_session(
    client: &impl Client,
    editor: i64,
    lasting: Duration,
) -> Result<Uuid, DbError> {
    let id = Uuid::new_v4();
    let seconds = lasting.as_secs_f64();
    client
        .execute(
            // Expired sessions go as new ones come: no other sweep is needed.
            "WITH swept AS (DELETE FROM bo.sessions WHERE expires_at < now())
             INSERT INTO bo.sessions (id, editor_id, expires_at)
             VALUES ($1, $2, now() + make_interval(secs => $3))",
            &[&id, &editor, &seconds],
        )
        .await?;
    Ok(id)
}

/// The editor of a session that has not expired.
pub async fn session_editor(
    client: &impl Client,
    session: Uuid,
) -> Result<Option<Editor>, DbError> {
    let statement = client
        .prepare_cached(
            "SELECT e.id, e.login FROM bo.sessions s JOIN bo.editors e ON e.id = s.editor_id
             WHERE s.id = $1 AND s.expires_at > now()",
        )
        .await?;
    let row = client.query_opt(&statement, &[&session]).await?;
    Ok(row.map(|row| Editor {
        id: row.get(0),
        login: row.get(1),
    }))
}

/// Ends a session.
pub async fn close_session(client: &impl Client, session: Uuid) -> Result<(), DbError> {
    client
        .execute("DELETE FROM bo.sessions WHERE id = $1", &[&session])
        .await?;
    Ok(())
}

/// Failed logins within `window`: of this login, and from this address.
pub async fn recent_failures(
    client: &impl Client,
    login: &str,
    address: &str,
    window: Duration,
) -> Result<(i64, i64), DbError> {
    let row = client
        .query_one(
            "SELECT count(*) FILTER (WHERE login = $1), count(*) FILTER (WHERE address = $2)
             FROM bo.login_failures
             WHERE at > now() - make_interval(secs => $3) AND (login = $1 OR address = $2)",
            &[&login, &address, &window.as_secs_f64()],
        )
        .await?;
    Ok((row.get(0), row.get(1)))
}

/// Records a failed login; failures older than `window` are forgotten.
pub async fn record_failure(
    client: &impl Client,
    login: &str,
    address: &str,
    window: Duration,
) -> Result<(), DbError> {
    client
        .execute(
            "WITH forgotten AS (
                 DELETE FROM bo.login_failures WHERE at < now() - make_interval(secs => $3))
             INSERT INTO bo.login_failures (login, address) VALUES ($1, $2)",
            &[&login, &address, &window.as_secs_f64()],
        )
        .await?;
    Ok(())
}

/// Every AM's metadata, for the catalogue.
pub async fn all_metadata(client: &impl Client) -> Result<Vec<AmMetadata>, DbError> {
    let rows = client
        .query("SELECT cid, metadata FROM bo.ams ORDER BY cid", &[])
        .await?;
    rows.iter()
        .map(|row| {
            let cid: String = row.get(0);
            serde_json::from_value(row.get(1))
                .map_err(|error| DbError::Data(format!("bo.ams {cid}: metadata: {error}")))
        })
        .collect()
}

/// The three documents of an AM.
pub async fn documents(client: &impl Client, cid: &str) -> Result<Option<AmDocuments>, DbError> {
    let row = client
        .query_opt(
            "SELECT metadata, text, parametrization FROM bo.ams WHERE cid = $1",
            &[&cid],
        )
        .await?;
    row.map(|row| read_documents(cid, &row, 0)).transpose()
}

/// Every AM's three documents, in CID order (what publication reads).
pub async fn all_documents(client: &impl Client) -> Result<Vec<AmDocuments>, DbError> {
    let rows = client
        .query(
            "SELECT cid, metadata, text, parametrization FROM bo.ams ORDER BY cid",
            &[],
        )
        .await?;
    rows.iter()
        .map(|row| read_documents(row.get(0), row, 1))
        .collect()
}

/// The three documents of a row, in its columns from `first` on, read straight from their
/// JSON (no `serde_json::Value` between: the largest AM's text is 1 MB).
fn read_documents(cid: &str, row: &Row, first: usize) -> Result<AmDocuments, DbError> {
    fn document<T: DeserializeOwned>(row: &Row, at: usize, cid: &str) -> Result<T, DbError> {
        let problem = match row.try_get::<_, Option<Json<T>>>(at) {
            Ok(Some(Json(document))) => return Ok(document),
            Ok(None) => "missing".to_owned(),
            Err(error) => error.to_string(),
        };
        let column = row.columns()[at].name();
        Err(DbError::Data(format!("AM {cid}: {column}: {problem}")))
    }
    Ok(AmDocuments {
        metadata: document(row, first, cid)?,
        text: document(row, first + 1, cid)?,
        parametrization: document(row, first + 2, cid)?,
    })
}

/// Writes an AM's documents and logs the change (`editor` did `what`). Only the documents
/// that differ from `before` (all three for a new AM, `before` being `None`) are written, to
/// the AM and to the log: a parametrization element saved writes kilobytes, not the text.
/// Run it in a transaction with whatever read `before`.
pub async fn save(
    client: &impl Client,
    editor: &str,
    what: &str,
    before: Option<&AmDocuments>,
    after: &AmDocuments,
) -> Result<(), DbError> {
    let cid = &after.metadata.cid;
    let changed = |same: fn(&AmDocuments, &AmDocuments) -> bool| {
        before.is_none_or(|before| !same(before, after))
    };
    let metadata = changed(|a, b| a.metadata == b.metadata).then_some(Json(&after.metadata));
    let text = changed(|a, b| a.text == b.text).then_some(Json(&after.text));
    let parametrization = changed(|a, b| a.parametrization == b.parametrization)
        .then_some(Json(&after.parametrization));
    let documents: [&(dyn ToSql + Sync); 4] = [cid, &metadata, &text, &parametrization];
    let written = match before {
        None => {
            client
                .execute(
                    "INSERT INTO bo.ams (cid, metadata, text, parametrization)
                     VALUES ($1, $2, $3, $4)",
                    &documents,
                )
                .await?
        }
        Some(_) => {
            client
                .execute(
                    "UPDATE bo.ams SET metadata = coalesce($2, metadata),
                         text = coalesce($3, text),
                         parametrization = coalesce($4, parametrization), updated_at = now()
                     WHERE cid = $1",
                    &documents,
                )
                .await?
        }
    };
    if written != 1 {
        return Err(DbError::Data(format!(
            "bo.ams {cid}: not saved: the AM was removed meanwhile"
        )));
    }
    client
        .execute(
            "INSERT INTO bo.edits (editor, cid, what, metadata, text, parametrization)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[&editor, cid, &what, &metadata, &text, &parametrization],
        )
        .await?;
    Ok(())
}

/// One change of the log.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub editor: String,
    pub cid: String,
    pub what: String,
}

/// The last `limit` changes of an AM, newest first.
pub async fn edits(client: &impl Client, cid: &str, limit: i64) -> Result<Vec<Edit>, DbError> {
    let rows = client
        .query(
            "SELECT editor, cid, what FROM bo.edits WHERE cid = $1 ORDER BY id DESC LIMIT $2",
            &[&cid, &limit],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|row| Edit {
            editor: row.get(0),
            cid: row.get(1),
            what: row.get(2),
        })
        .collect())
}

/// A change of the log as the comparison page lists it: the version of the AM it saved.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub id: i64,
    /// When, in Paris time: "30/11/2026 18:05".
    pub at: String,
    pub editor: String,
    pub what: String,
}

/// The last `limit` versions of an AM (the documents after each change), newest first.
pub async fn versions(
    client: &impl Client,
    cid: &str,
    limit: i64,
) -> Result<Vec<Version>, DbError> {
    let rows = client
        .query(
            "SELECT id, to_char(at AT TIME ZONE 'Europe/Paris', 'DD/MM/YYYY HH24:MI'), editor, what
             FROM bo.edits WHERE cid = $1 ORDER BY id DESC LIMIT $2",
            &[&cid, &limit],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|row| Version {
            id: row.get(0),
            at: row.get(1),
            editor: row.get(2),
            what: row.get(3),
        })
        .collect())
}

/// The documents of an AM after the change `id` of its log: the latest of each up to it.
pub async fn version(
    client: &impl Client,
    cid: &str,
    id: i64,
) -> Result<Option<AmDocuments>, DbError> {
    let row = client
        .query_opt(
            "SELECT
                 (SELECT metadata FROM bo.edits WHERE cid = $1 AND id <= $2
                  AND metadata IS NOT NULL ORDER BY id DESC LIMIT 1) AS metadata,
                 (SELECT text FROM bo.edits WHERE cid = $1 AND id <= $2
                  AND text IS NOT NULL ORDER BY id DESC LIMIT 1) AS text,
                 (SELECT parametrization FROM bo.edits WHERE cid = $1 AND id <= $2
                  AND parametrization IS NOT NULL ORDER BY id DESC LIMIT 1) AS parametrization
             FROM bo.edits WHERE cid = $1 AND id = $2",
            &[&cid, &id],
        )
        .await?;
    row.map(|row| read_documents(cid, &row, 0)).transpose()
}

/// How many classements of public installations each (rubrique, régime) has: what orders the
/// catalogue (the AMs that apply to the most installations first).
pub async fn classement_counts(
    client: &impl Client,
) -> Result<std::collections::HashMap<(String, String), i64>, DbError> {
    let rows = client
        .query(
            "SELECT c.rubrique, c.regime, count(*) FROM classements c
             JOIN installations i ON i.id = c.installation_id AND i.user_id IS NULL
             GROUP BY 1, 2",
            &[],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|row| ((row.get(0), row.get(1)), row.get(2)))
        .collect())
}

/// Creates an editor, or gives an existing one a new password (the local demo's editor).
pub async fn set_password(
    client: &impl Client,
    login: &str,
    password_hash: &str,
) -> Result<(), DbError> {
    client
        .execute(
            "INSERT INTO bo.editors (login, password_hash) VALUES ($1, $2)
             ON CONFLICT (login) DO UPDATE SET password_hash = excluded.password_hash",
            &[&login, &password_hash],
        )
        .await?;
    Ok(())
}
