//! Publication (spec A.6): the AMs in force enriched, checked, written as the original wrote
//! them, zipped flat and put at `am/ams/<timestamp>.zip`, then `am/ams/latest.zip`, whose
//! arrival triggers am-import. A failed check publishes nothing.

use bytes::Bytes;
use envinorma_am_import::LATEST_ARCHIVE;
use envinorma_cloud::{Bucket, CloudError, ObjectStore, PutOptions};
use envinorma_core::authoring::{AmDocuments, AmState, check, enrich, to_published_json};
use std::io::Write;
use zip::write::SimpleFileOptions;

/// Why an AM stops the publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub cid: String,
    pub reasons: Vec<String>,
}

/// Why nothing can be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unpublishable {
    /// No AM is in force: an empty archive would make am-import remove every AM from the web
    /// app (it refuses one anyway).
    NothingInForce,
    /// These AMs fail their checks.
    Refused(Vec<Refusal>),
}

/// What a publication wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// `ams/<timestamp>.zip`.
    pub key: String,
    pub ams: usize,
}

/// `<cid>.json` of every AM in force (the made-up `FAKE` ones excepted), in CID order; or
/// every AM that fails its checks, with why.
pub fn published_files(documents: &[AmDocuments]) -> Result<Vec<(String, String)>, Unpublishable> {
    let mut files = Vec::new();
    let mut refusals = Vec::new();
    let published = documents.iter().filter(|documents| {
        documents.metadata.state == AmState::Vigueur && !documents.metadata.cid.contains("FAKE")
    });
    for documents in published {
        let am = enrich(
            &documents.metadata,
            &documents.text,
            &documents.parametrization,
        );
        let mut reasons = check(&am);
        match to_published_json(&am) {
            Ok(json) if reasons.is_empty() => files.push((format!("{}.json", am.id), json)),
            Ok(_) => {}
            Err(error) => reasons.push(format!("cannot be written as JSON: {error}")),
        }
        if !reasons.is_empty() {
            refusals.push(Refusal {
                cid: documents.metadata.cid.clone(),
                reasons,
            });
        }
    }
    if !refusals.is_empty() {
        return Err(Unpublishable::Refused(refusals));
    }
    if files.is_empty() {
        return Err(Unpublishable::NothingInForce);
    }
    files.sort();
    Ok(files)
}

/// Why files that passed their checks could not be published: ours, never the AMs'.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error(transparent)]
    Cloud(#[from] CloudError),
}

/// Publishes the files of [`published_files`] now: zipped flat and put into the `am` bucket.
pub async fn publish(
    store: &dyn ObjectStore,
    files: &[(String, String)],
) -> Result<Published, PublishError> {
    let archive = zipped(files)?;
    let timestamp = timestamp(chrono::Utc::now());
    Ok(upload(store, archive, &timestamp, files.len()).await?)
}

/// The files in one flat zip (entries at its root, as the original's `make_archive`).
pub fn zipped(files: &[(String, String)]) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, json) in files {
        archive.start_file(name.as_str(), options)?;
        archive.write_all(json.as_bytes())?;
    }
    Ok(archive.finish()?.into_inner())
}

/// Puts the archive at `ams/<timestamp>.zip`, then at [`LATEST_ARCHIVE`] (last: its arrival
/// starts the import, and the timestamped copy must already be there to go back to).
async fn upload(
    store: &dyn ObjectStore,
    archive: Vec<u8>,
    timestamp: &str,
    ams: usize,
) -> Result<Published, CloudError> {
    let key = format!("ams/{timestamp}.zip");
    let body = Bytes::from(archive);
    for target in [key.as_str(), LATEST_ARCHIVE] {
        let options = PutOptions::content_type("application/zip");
        store.put(Bucket::Am, target, body.clone(), options).await?;
    }
    Ok(Published { key, ams })
}

/// The original's timestamp, `datetime.now().isoformat()` (UTC here).
fn timestamp(now: chrono::DateTime<chrono::Utc>) -> String {
    now.format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
}
