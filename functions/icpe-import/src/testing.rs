//! For other crates' tests (feature `testing`): the Île-de-France extracts of the shared data,
//! imported as the prepared CSVs they are.

use crate::prepared::{ImportOptions, PreparedFile, import_prepared};
use envinorma_db::Pool;
use envinorma_test_support::read;

/// The IDF installations, classements and APs (`data/icpe/*_idf.csv`) into the database, or
/// why not.
pub async fn import_idf(db: &Pool) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    import_shared(
        db,
        &[
            "installations_idf.csv",
            "classements_idf.csv",
            "aps_idf.csv",
        ],
    )
    .await
}

/// The prepared CSVs `data/icpe/<name>` into the database, or why not.
pub async fn import_shared(
    db: &Pool,
    names: &[&str],
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let contents: Vec<Vec<u8>> = names
        .iter()
        .map(|name| read(&format!("data/icpe/{name}")))
        .collect();
    let files: Vec<PreparedFile> = names
        .iter()
        .zip(&contents)
        .map(|(name, bytes)| PreparedFile { name, bytes })
        .collect();
    let options = ImportOptions {
        dataset: "idf".into(),
        ..ImportOptions::default()
    };
    let report = import_prepared(db, &files, &options).await?;
    match report.is_success() {
        true => Ok(()),
        false => Err(report.summary().into()),
    }
}
