//! Anonymous users: created on a first visit, known by the token of their cookie.

use crate::error::DbError;
use tokio_postgres::GenericClient;
use uuid::Uuid;

/// A user of the web app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct User {
    /// The server-side id (foreign keys point to it; never shown).
    pub id: i64,
    /// The unguessable token the browser keeps.
    pub token: Uuid,
}

/// Creates a user with a fresh random token.
pub async fn create(client: &impl GenericClient) -> Result<User, DbError> {
    let row = client
        .query_one("INSERT INTO users DEFAULT VALUES RETURNING id, token", &[])
        .await?;
    Ok(User {
        id: row.get(0),
        token: row.get(1),
    })
}

/// The user with this token, whose visit is recorded (the purge counts from the last one).
pub async fn visit(client: &impl GenericClient, token: Uuid) -> Result<Option<User>, DbError> {
    let row = client
        .query_opt(
            "UPDATE users SET updated_at = now() WHERE token = $1 RETURNING id, token",
            &[&token],
        )
        .await?;
    Ok(row.map(|row| User {
        id: row.get(0),
        token: row.get(1),
    }))
}
