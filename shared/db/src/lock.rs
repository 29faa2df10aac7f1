//! PostgreSQL advisory locks: what serialises work across processes and machines.

use crate::client::Client;
use crate::error::DbError;

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

    /// Waits for the lock, held until the current transaction ends.
    pub async fn for_transaction(self, client: &impl Client) -> Result<(), DbError> {
        client
            .execute("SELECT pg_advisory_xact_lock($1)", &[&self.key()])
            .await?;
        Ok(())
    }

    /// Waits for the lock, held until [`AdvisoryLock::release`] or the end of the session.
    pub async fn for_session(self, client: &impl Client) -> Result<(), DbError> {
        client
            .execute("SELECT pg_advisory_lock($1)", &[&self.key()])
            .await?;
        Ok(())
    }

    /// Releases a session lock.
    pub async fn release(self, client: &impl Client) -> Result<(), DbError> {
        client
            .execute("SELECT pg_advisory_unlock($1)", &[&self.key()])
            .await?;
        Ok(())
    }
}
