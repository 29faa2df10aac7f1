//! Numbered SQL migrations, embedded in the binary and applied in order, once, under a lock.

use crate::error::DbError;
use crate::lock::AdvisoryLock;
use sha2::{Digest, Sha256};

/// One migration file, `migrations/<version>_<name>.sql`.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// Its number; migrations apply in increasing order.
    pub version: i32,
    /// Its file name without extension (`0001_users`).
    pub name: &'static str,
    /// Its SQL.
    pub sql: &'static str,
}

macro_rules! migration {
    ($version:literal, $file:literal) => {
        Migration {
            version: $version,
            name: $file,
            sql: include_str!(concat!("../migrations/", $file, ".sql")),
        }
    };
}

/// Every migration, in order. A new one goes at the end, in its own file; applied ones never change.
pub const MIGRATIONS: &[Migration] = &[
    migration!(1, "0001_users"),
    migration!(2, "0002_installations"),
    migration!(3, "0003_classements"),
    migration!(4, "0004_aps"),
    migration!(5, "0005_ams"),
    migration!(6, "0006_alinea_stores"),
    migration!(7, "0007_classement_references"),
    migration!(8, "0008_prescriptions"),
    migration!(9, "0009_icpe_imports"),
    migration!(10, "0010_installation_search"),
    migration!(11, "0011_installations_fillfactor"),
    migration!(12, "0012_prescription_compliance"),
    migration!(13, "0013_installation_search_text"),
    migration!(14, "0014_ap_pages"),
    migration!(15, "0015_ap_ocr_jobs"),
    migration!(16, "0016_ap_search"),
    migration!(17, "0017_back_office"),
    migration!(18, "0018_edit_log_changes"),
];

impl Migration {
    /// SHA-256 of the SQL, in hexadecimal: what proves an applied migration unchanged.
    pub fn checksum(&self) -> String {
        hex(&Sha256::digest(self.sql.as_bytes()))
    }
}

/// Lower-case hexadecimal of bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A fingerprint of the whole schema: changes whenever any migration does.
pub fn schema_fingerprint() -> String {
    let mut hasher = Sha256::new();
    for migration in MIGRATIONS {
        hasher.update(migration.version.to_be_bytes());
        hasher.update(migration.sql.as_bytes());
    }
    hex(&hasher.finalize())
}

/// What a run of [`migrate`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MigrationReport {
    /// Versions applied by this run.
    pub applied: Vec<i32>,
    /// Versions in the database that this binary does not know (a newer binary ran): left alone.
    pub unknown: Vec<i32>,
}

/// Applies the migrations the database lacks, each in its own transaction.
///
/// Safe when several processes start at once: they queue on an advisory lock, and the later
/// ones find nothing left to do.
pub async fn migrate(client: &mut tokio_postgres::Client) -> Result<MigrationReport, DbError> {
    AdvisoryLock::Migrations.for_session(&*client).await?;
    let result = apply_pending(client).await;
    // Released even on failure; a closed connection would release it as well.
    let released = AdvisoryLock::Migrations.release(&*client).await;
    let report = result?;
    released?;
    Ok(report)
}

async fn apply_pending(client: &mut tokio_postgres::Client) -> Result<MigrationReport, DbError> {
    client
        .batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                sha256 text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )",
        )
        .await?;
    let applied = client
        .query(
            "SELECT version, sha256, applied_at::text FROM schema_migrations ORDER BY version",
            &[],
        )
        .await?;
    let mut report = MigrationReport::default();
    for row in &applied {
        let (version, sha256, applied_at): (i32, String, String) =
            (row.get(0), row.get(1), row.get(2));
        match MIGRATIONS.iter().find(|m| m.version == version) {
            Some(migration) if migration.checksum() != sha256 => {
                return Err(DbError::MigrationChanged {
                    version,
                    name: migration.name,
                    applied_at,
                });
            }
            Some(_) => {}
            None => report.unknown.push(version),
        }
    }
    if !report.unknown.is_empty() {
        tracing::warn!(versions = ?report.unknown, "the database has migrations this binary does not know");
    }
    for migration in MIGRATIONS {
        if applied
            .iter()
            .any(|row| row.get::<_, i32>(0) == migration.version)
        {
            continue;
        }
        let failed = |source| DbError::Migration {
            version: migration.version,
            name: migration.name,
            source,
        };
        let transaction = client.transaction().await?;
        transaction
            .batch_execute(migration.sql)
            .await
            .map_err(failed)?;
        transaction
            .execute(
                "INSERT INTO schema_migrations (version, name, sha256) VALUES ($1, $2, $3)",
                &[&migration.version, &migration.name, &migration.checksum()],
            )
            .await?;
        transaction.commit().await.map_err(failed)?;
        tracing::info!(
            version = migration.version,
            name = migration.name,
            "migration applied"
        );
        report.applied.push(migration.version);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_migrations_folder_is_listed_in_order() {
        let dir = envinorma_test_support::repo_path("shared/db/migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let listed: Vec<String> = MIGRATIONS
            .iter()
            .map(|m| format!("{}.sql", m.name))
            .collect();
        assert_eq!(files, listed);
        for migration in MIGRATIONS {
            assert!(
                migration
                    .name
                    .starts_with(&format!("{:04}_", migration.version)),
                "{}",
                migration.name
            );
        }
        assert!(MIGRATIONS.windows(2).all(|w| w[0].version < w[1].version));
    }
}
