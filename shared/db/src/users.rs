//! Anonymous users: known by the token of their cookie, saved on their first change.

use crate::client::Client;
use crate::error::DbError;
use uuid::Uuid;

/// A user of the web app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct User {
    /// The server-side id (foreign keys point to it; never shown).
    pub id: i64,
    /// The unguessable token the browser keeps.
    pub token: Uuid,
}

/// A returning user: their id and whether they have installations (a deletion leads to
/// "Mes installations" while some are left, else home).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    pub id: i64,
    pub has_installations: bool,
}

/// The user of a token, if they were ever saved. Their visit is recorded at most once an hour:
/// the purge counts in months, and a write on every page would cost every page a disk flush.
pub async fn recognise(client: &impl Client, token: Uuid) -> Result<Option<Known>, DbError> {
    // Prepared once per connection: every page asks it.
    let statement = client
        .prepare_cached(
            "WITH touched AS (
                 UPDATE users SET updated_at = now()
                 WHERE token = $1 AND updated_at < now() - interval '1 hour'
             )
             SELECT id, EXISTS (SELECT 1 FROM installations WHERE user_id = users.id)
             FROM users WHERE token = $1",
        )
        .await?;
    let row = client.query_opt(&statement, &[&token]).await?;
    Ok(row.map(|row| Known {
        id: row.get(0),
        has_installations: row.get(1),
    }))
}

/// The user of a token, saved on their first change (tokens are drawn by the web app from the
/// OS random source, v4 UUIDs: 122 unguessable bits).
pub async fn save(client: &impl Client, token: Uuid) -> Result<User, DbError> {
    let row = client
        .query_one(
            "INSERT INTO users (token) VALUES ($1)
             ON CONFLICT (token) DO UPDATE SET updated_at = now() RETURNING id",
            &[&token],
        )
        .await?;
    Ok(User {
        id: row.get(0),
        token,
    })
}

/// Whether the user reads their prescriptions grouped by topic (else by arrêté).
pub async fn groups_by_topic(client: &impl Client, user_id: i64) -> Result<bool, DbError> {
    let row = client
        .query_one(
            "SELECT consults_precriptions_by_topics FROM users WHERE id = $1",
            &[&user_id],
        )
        .await?;
    Ok(row.get(0))
}

/// Sets how the user groups their prescriptions.
pub async fn set_groups_by_topic(
    client: &impl Client,
    user_id: i64,
    by_topic: bool,
) -> Result<(), DbError> {
    client
        .execute(
            "UPDATE users SET consults_precriptions_by_topics = $2 WHERE id = $1",
            &[&user_id, &by_topic],
        )
        .await?;
    Ok(())
}

/// What one batch of the purge removed (or, in a dry run, would remove).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    pub users: i64,
    pub installations: i64,
    pub prescriptions: i64,
}

/// Removes up to `batch` users not seen for `months` months, with their installations (copies
/// and fictive ones), their classements and their prescriptions (the foreign keys cascade);
/// public installations are no user's and stay. With `dry_run`, counts them only. Users are
/// taken in id order and locked, skipping any being seen right now, whose visit would bring
/// them back.
pub async fn purge_stale(
    client: &impl Client,
    months: i32,
    batch: i64,
    dry_run: bool,
) -> Result<Purged, DbError> {
    let row = client
        .query_one(
            "WITH stale AS (
                 SELECT id FROM users
                 WHERE updated_at < now() - make_interval(months => $1)
                 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED),
             counted AS (
                 SELECT (SELECT count(*) FROM stale) AS users,
                        (SELECT count(*) FROM installations WHERE user_id IN (SELECT id FROM stale)) AS installations,
                        (SELECT count(*) FROM prescriptions WHERE user_id IN (SELECT id FROM stale)) AS prescriptions),
             removed AS (
                 DELETE FROM users WHERE NOT $3 AND id IN (SELECT id FROM stale))
             SELECT users, installations, prescriptions FROM counted",
            &[&months, &batch, &dry_run],
        )
        .await?;
    Ok(Purged {
        users: row.get(0),
        installations: row.get(1),
        prescriptions: row.get(2),
    })
}
