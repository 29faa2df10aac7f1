//! The demo data (`demo/`) loaded as the cloud loads real data: files put into the buckets, whose
//! events run the import functions. Loading it again changes nothing (the imports are idempotent).

use crate::ap_pipeline;
use crate::buckets::DevBuckets;
use crate::commands::import::{finish, read_ams};
use crate::document_site::DocumentSite;
use anyhow::Context;
use bytes::Bytes;
use envinorma_ap_sync::{DumpSource, INBOX_FOLDER};
use envinorma_cloud::{Bucket, ObjectEvent, ObjectStore, PutOptions};
use envinorma_core::icpe_csv::FileKind;
use envinorma_db::Pool;
use envinorma_icpe_import::Handled;
use envinorma_icpe_import::prepared::{DATASET_VAR, ImportOptions};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// The dataset name of the demo's prepared CSVs (`installations_demo.csv`…).
const DATASET: &str = "demo";

/// Puts the demo files into the buckets and runs the functions their events trigger.
pub async fn load(buckets: &mut DevBuckets, pool: &Pool, demo: &Path) -> anyhow::Result<()> {
    let store = Arc::clone(&buckets.store);
    let store = &*store;
    let archive = am_archive(demo)?;
    put(
        store,
        Bucket::Am,
        envinorma_am_import::LATEST_ARCHIVE,
        archive,
        "application/zip",
    )
    .await?;
    // An order that works however soon each event is handled: the installations' arrival
    // imports them with their classements, the APs then go onto them.
    for kind in [FileKind::Classements, FileKind::Installations] {
        let name = kind.file_name(DATASET);
        let path = demo.join(&name);
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        put(store, Bucket::Misc, &name, bytes, "text/csv").await?;
    }
    let options = ImportOptions::default()
        .for_dataset(DATASET)
        .map_err(anyhow::Error::msg)?;
    // The functions' own writes (their reports) add events, which they ignore.
    for event in buckets.pending().await? {
        trigger(store, pool, &options, &event).await?;
    }
    aps(buckets, pool, demo).await
}

/// The APs as the cloud gets them: a Géorisques dump in the inbox, ap-sync, then ap-ocr on
/// each document, downloaded from a local site standing for Géorisques' (`demo/aps/`: scans,
/// a PDF with text, a broken file).
async fn aps(buckets: &DevBuckets, pool: &Pool, demo: &Path) -> anyhow::Result<()> {
    let dump = dump(&demo.join("georisques"))?;
    let key = format!("{INBOX_FOLDER}demo.tar.gz");
    let store = &*buckets.store;
    put(store, Bucket::Inbox, &key, dump, "application/gzip").await?;
    let site = DocumentSite::start(demo.join("aps")).await?;
    let queue = &buckets.ocr;
    ap_pipeline::sync_and_ocr(
        store,
        pool,
        queue,
        DumpSource::Configured,
        |name| match name {
            envinorma_ap_sync::SOURCE_URL_VAR => Some(site.url().to_owned()),
            DATASET_VAR => Some(DATASET.to_owned()),
            _ => None,
        },
    )
    .await?;
    Ok(())
}

/// The demo's Géorisques dump: the two files of `folder`, in a tar.gz as Géorisques serves it.
fn dump(folder: &Path) -> anyhow::Result<Vec<u8>> {
    let gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut archive = tar::Builder::new(gzip);
    for name in ["IC_documents.csv", "IC_types_document.csv"] {
        let path = folder.join(name);
        archive
            .append_path_with_name(&path, name)
            .with_context(|| format!("cannot archive {}", path.display()))?;
    }
    Ok(archive.into_inner()?.finish()?)
}

/// What S3 notifications do in the cloud: the event goes to every function subscribed.
async fn trigger(
    store: &dyn ObjectStore,
    pool: &Pool,
    options: &ImportOptions,
    event: &ObjectEvent,
) -> anyhow::Result<()> {
    let what = format!("{}/{}", event.bucket, event.key);
    if let Some(report) = envinorma_am_import::handle(store, pool, event)
        .await
        .with_context(|| format!("am-import of {what}"))?
    {
        finish(report.succeeded(), &report, &report.summary())?;
    }
    match envinorma_icpe_import::handle(store, pool, options, event)
        .await
        .with_context(|| format!("icpe-import of {what}"))?
    {
        Handled::Imported(report) => finish(report.is_success(), &report, &report.summary()),
        Handled::Prepared(report) => finish(report.succeeded(), &report, &report.summary_line()),
        Handled::Ignored(_) | Handled::Waiting(_) => Ok(()),
    }
}

/// The demo AMs zipped as the back-office publishes them (`am/ams/latest.zip`).
fn am_archive(demo: &Path) -> anyhow::Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in read_ams(&demo.join("ams"))?.files {
        zip.start_file(name, zip::write::SimpleFileOptions::default())?;
        zip.write_all(&content)?;
    }
    Ok(zip.finish()?.into_inner())
}

async fn put(
    store: &dyn ObjectStore,
    bucket: Bucket,
    key: &str,
    body: Vec<u8>,
    content_type: &str,
) -> anyhow::Result<()> {
    store
        .put(
            bucket,
            key,
            Bytes::from(body),
            PutOptions::content_type(content_type),
        )
        .await
        .with_context(|| format!("cannot put {bucket}/{key}"))
}

/// The back-office's demo editor.
pub const DEMO_EDITOR: &str = "demo";

/// The back-office of the demo: its AMs seeded from `demo/ams` when it has none yet (an
/// editor's changes survive a restart) and `seed`, and the demo editor with a new password,
/// given back to be printed.
pub async fn back_office(pool: &Pool, demo: &Path, seed: bool) -> anyhow::Result<String> {
    let mut client = pool.get().await?;
    if seed && envinorma_db::bo::all_metadata(&client).await?.is_empty() {
        let files = read_ams(&demo.join("ams"))?.files;
        let documents = envinorma_back_office::seed::documents_of(&files)
            .map_err(|refusals| anyhow::anyhow!("demo AMs: {}", refusals.join("; ")))?;
        let transaction = client.transaction().await?;
        envinorma_back_office::seed::seed(&transaction, &documents).await?;
        transaction.commit().await?;
    }
    let password = envinorma_back_office::auth::generate_password();
    let hash = envinorma_back_office::auth::hash_password(&password)?;
    envinorma_db::bo::set_password(&client, DEMO_EDITOR, &hash).await?;
    Ok(password)
}

/// Runs the import functions on every event of the buckets from now on, as S3 notifications
/// do in the cloud: a publication of the back-office reaches am-import.
pub fn follow_events(mut buckets: DevBuckets, pool: Pool) -> anyhow::Result<()> {
    let options = ImportOptions::default()
        .for_dataset(DATASET)
        .map_err(anyhow::Error::msg)?;
    tokio::spawn(async move {
        loop {
            let events = match buckets.next().await {
                Ok(Some(events)) => events,
                Ok(None) => return,
                Err(error) => {
                    eprintln!("cannot read the buckets' events: {error:#}");
                    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                    continue;
                }
            };
            for event in events {
                if let Err(error) = trigger(&*buckets.store, &pool, &options, &event).await {
                    eprintln!("{error:#}");
                }
            }
        }
    });
    Ok(())
}
