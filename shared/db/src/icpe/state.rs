//! What each public table was last imported from (file name and SHA-256 of its bytes).

use crate::error::DbError;
use envinorma_core::icpe_csv::FileKind;
use std::collections::HashMap;
use tokio_postgres::Transaction;

/// The file a table was last imported from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedFile {
    /// Its name.
    pub file: String,
    /// SHA-256 of its bytes, hexadecimal.
    pub sha256: String,
    /// When, as PostgreSQL prints it.
    pub imported_at: String,
}

/// The last import of each kind of file.
pub async fn last_imports(
    tx: &Transaction<'_>,
) -> Result<HashMap<FileKind, ImportedFile>, DbError> {
    let rows = tx
        .query(
            "SELECT target, file, content_sha256, imported_at::text FROM icpe_imports",
            &[],
        )
        .await?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            let target: &str = row.get(0);
            let kind = FileKind::ALL
                .into_iter()
                .find(|k| k.to_string() == target)?;
            Some((
                kind,
                ImportedFile {
                    file: row.get(1),
                    sha256: row.get(2),
                    imported_at: row.get(3),
                },
            ))
        })
        .collect())
}

/// Records that a kind of table now holds the content of `file`.
pub async fn record_import(
    tx: &Transaction<'_>,
    kind: FileKind,
    file: &str,
    sha256: &str,
) -> Result<(), DbError> {
    tx.execute(
        "INSERT INTO icpe_imports (target, file, content_sha256) VALUES ($1, $2, $3)
         ON CONFLICT (target) DO UPDATE
         SET file = excluded.file, content_sha256 = excluded.content_sha256, imported_at = now()",
        &[&kind.to_string(), &file, &sha256],
    )
    .await?;
    Ok(())
}
