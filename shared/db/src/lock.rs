//! PostgreSQL advisory locks: what serialises work across processes and machines.
//!
//! The work they serialise is the batch work: migrations (index builds), imports (COPY of
//! national files, ANALYZE), test templates. Waiting for another process's turn and then doing
//! it may take minutes, which the statement and lock timeouts every connection starts with
//! (see [`crate::DbConfig`]) are there to forbid to requests. So taking one of these locks
//! lifts both timeouts, before waiting: the job's limit is then its function's own timeout.

use crate::client::Client;
use crate::error::DbError;
use tokio_postgres::GenericClient;

/// The things only one process may do at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdvisoryLock {
    /// Applying migrations.
    Migrations,
    /// Importing prepared ICPE files (installations, classements, APs, references).
    IcpeImport,
    /// Building a test template database.
    TestTemplates,
    /// Replacing the AMs with a published archive.
    AmImport,
}

impl AdvisoryLock {
    /// The lock's key: "envinorm" in ASCII, then a number per lock, so as not to meet other users' keys.
    pub fn key(self) -> i64 {
        const PREFIX: i64 = 0x656e_7669_6e6f_0000;
        PREFIX
            + match self {
                AdvisoryLock::Migrations => 1,
                AdvisoryLock::IcpeImport => 2,
                AdvisoryLock::TestTemplates => 3,
                AdvisoryLock::AmImport => 4,
            }
    }

    /// Lifts the timeouts until the current transaction ends, then waits for the lock, held
    /// as long.
    pub async fn for_transaction(self, client: &impl Client) -> Result<(), DbError> {
        client
            .pg()
            .batch_execute("SET LOCAL statement_timeout = 0; SET LOCAL lock_timeout = 0")
            .await?;
        client
            .execute("SELECT pg_advisory_xact_lock($1)", &[&self.key()])
            .await?;
        Ok(())
    }

    /// Lifts the timeouts for the session, then waits for the lock, held until
    /// [`AdvisoryLock::release`] (which restores them) or the end of the session: for a
    /// connection of its own, not a pooled one.
    pub async fn for_session(self, client: &impl Client) -> Result<(), DbError> {
        client
            .pg()
            .batch_execute("SET statement_timeout = 0; SET lock_timeout = 0")
            .await?;
        client
            .execute("SELECT pg_advisory_lock($1)", &[&self.key()])
            .await?;
        Ok(())
    }

    /// Releases a session lock, and puts back the timeouts the session started with.
    pub async fn release(self, client: &impl Client) -> Result<(), DbError> {
        client
            .execute("SELECT pg_advisory_unlock($1)", &[&self.key()])
            .await?;
        client
            .pg()
            .batch_execute("RESET statement_timeout; RESET lock_timeout")
            .await?;
        Ok(())
    }
}
