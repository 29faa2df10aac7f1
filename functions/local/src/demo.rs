//! The demo data (`demo/`) loaded as the cloud loads real data: files put into the buckets, whose
//! events run the import functions. Loading it again changes nothing (the imports are idempotent).

use crate::commands::import::{finish, read_ams};
use crate::demo_pdf;
use anyhow::Context;
use bytes::Bytes;
use envinorma_cloud::{Bucket, LocalObjectStore, ObjectEvent, ObjectStore, PutOptions};
use envinorma_core::icpe_csv::{ApRecord, CsvFile, FileKind, OcrStatus};
use envinorma_db::Pool;
use envinorma_icpe_import::Handled;
use envinorma_icpe_import::prepared::ImportOptions;
use std::io::Write;
use std::path::Path;

/// The dataset name of the demo's prepared CSVs (`installations_demo.csv`…).
const DATASET: &str = "demo";

/// Puts the demo files into the local buckets and runs the functions their events trigger.
pub async fn load(store: &LocalObjectStore, pool: &Pool, demo: &Path) -> anyhow::Result<()> {
    let mut events = store.subscribe();
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
    for kind in [
        FileKind::Classements,
        FileKind::Installations,
        FileKind::Aps,
    ] {
        let name = kind.file_name(DATASET);
        let path = demo.join(&name);
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        if kind == FileKind::Aps {
            put_ap_pdfs(store, &name, &bytes).await?;
        }
        put(store, Bucket::Misc, &name, bytes, "text/csv").await?;
    }
    let options = ImportOptions::default()
        .for_dataset(DATASET)
        .map_err(anyhow::Error::msg)?;
    // Each put emitted its event before returning; the functions' own writes (their reports)
    // add events, which they ignore.
    while let Ok(event) = events.try_recv() {
        trigger(store, pool, &options, &event).await?;
    }
    Ok(())
}

/// What S3 notifications do in the cloud: the event goes to every function subscribed.
async fn trigger(
    store: &LocalObjectStore,
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

/// A generated PDF for each demo AP of the CSV `aps` that has one (OCR succeeded), where the
/// web app reads it.
async fn put_ap_pdfs(store: &LocalObjectStore, name: &str, aps: &[u8]) -> anyhow::Result<()> {
    let csv = CsvFile::open(FileKind::Aps, name, aps).map_err(problems)?;
    for record in csv.records::<ApRecord>() {
        let (_, ap) = record.map_err(problems)?;
        if ap.ocr_status != OcrStatus::Success {
            continue;
        }
        let title = ap.description.as_deref().unwrap_or("Arrêté préfectoral");
        let signed = ap
            .date
            .map(|d| format!("Signé le {}", d.french()))
            .unwrap_or_default();
        let installation = format!("Installation {}", ap.installation_s3ic_id);
        let pdf = demo_pdf::one_page(&[
            title,
            &installation,
            &signed,
            "",
            "Document de démonstration généré par Envinorma :",
            "il ne reproduit aucun acte réel.",
        ]);
        let key = format!("{}.pdf", ap.georisques_id);
        put(store, Bucket::Ap, &key, pdf, "application/pdf").await?;
    }
    Ok(())
}

async fn put(
    store: &LocalObjectStore,
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
        .with_context(|| format!("cannot put {bucket}/{key} into {}", store.root().display()))
}

fn problems(problems: Vec<envinorma_core::icpe_csv::Problem>) -> anyhow::Error {
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    anyhow::anyhow!("invalid demo APs: {}", lines.join("; "))
}
