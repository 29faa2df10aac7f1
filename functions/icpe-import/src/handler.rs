//! The S3 triggers of icpe-import: raw extracts landing in `inbox/s3ic/`, and prepared CSVs
//! landing in `misc`. Every run writes a JSON report next to its input and logs one line.

use crate::prepared::{
    ImportError, ImportOptions, ImportReport, Plan, PreparedFile, import_prepared, plan,
};
use crate::raw::{RAW_FOLDER, RawReport, extract_keys};
use bytes::Bytes;
use envinorma_cloud::{Bucket, CloudError, ObjectEvent, ObjectStore, PutOptions, put_report};
use envinorma_core::s3ic::transform;
use envinorma_db::Pool;
use std::time::Instant;

/// What one event led to.
#[derive(Debug)]
pub enum Handled {
    /// Not an input of this function.
    Ignored(String),
    /// An input whose partner has not arrived yet.
    Waiting(String),
    /// The raw extracts were transformed (or rejected).
    Prepared(RawReport),
    /// Prepared files were imported (or rejected, refused, unchanged).
    Imported(ImportReport),
}

/// Why an event could not be handled: the trigger retries it.
#[derive(Debug, thiserror::Error)]
pub enum HandlerError {
    #[error(transparent)]
    Cloud(#[from] CloudError),
    #[error(transparent)]
    Import(#[from] ImportError),
}

/// Handles one object event.
pub async fn handle(
    store: &dyn ObjectStore,
    pool: &Pool,
    options: &ImportOptions,
    event: &ObjectEvent,
) -> Result<Handled, HandlerError> {
    let handled = match event.bucket {
        _ if !event.is_created() || event.key.starts_with("reports/") => {
            Handled::Ignored(event.key.clone())
        }
        Bucket::Inbox if event.key.starts_with(&format!("{RAW_FOLDER}/")) => {
            prepare_raw(store, &event.key).await?
        }
        Bucket::Misc => import(store, pool, options, &event.key).await?,
        _ => Handled::Ignored(event.key.clone()),
    };
    match &handled {
        Handled::Ignored(what) => tracing::debug!("icpe-import: ignored {what}"),
        Handled::Waiting(what) => tracing::info!("icpe-import: {what}"),
        Handled::Prepared(report) if report.succeeded() => {
            tracing::info!("{}", report.summary_line())
        }
        Handled::Prepared(report) => tracing::error!("{}", report.summary_line()),
        Handled::Imported(report) if report.is_success() => tracing::info!("{}", report.summary()),
        Handled::Imported(report) => tracing::error!("{}", report.summary()),
    }
    Ok(handled)
}

async fn prepare_raw(store: &dyn ObjectStore, arrived: &str) -> Result<Handled, HandlerError> {
    let keys = extract_keys();
    if !keys.iter().any(|key| key == arrived) {
        return Ok(Handled::Ignored(arrived.to_string()));
    }
    let mut contents = Vec::with_capacity(2);
    for key in &keys {
        match store.get(Bucket::Inbox, key).await {
            Ok(object) => contents.push(object.body),
            Err(error) if error.is_not_found() => {
                return Ok(Handled::Waiting(format!(
                    "inbox/{arrived} waits for inbox/{key}"
                )));
            }
            Err(error) => return Err(error.into()),
        }
    }
    let started = Instant::now();
    let mut report = RawReport {
        inputs: keys.iter().map(|k| format!("inbox/{k}")).collect(),
        started_at: now(),
        duration_ms: 0,
        written: Vec::new(),
        summary: None,
        warnings: Vec::new(),
        error: None,
    };
    match transform(&contents[0], &contents[1]) {
        Err(error) => report.error = Some(error),
        Ok(output) => {
            // The installations go last: with the classements already there, their arrival
            // triggers the import of the pair.
            for (name, bytes) in output.files().into_iter().rev() {
                let body = Bytes::copy_from_slice(bytes);
                store
                    .put(
                        Bucket::Misc,
                        &name,
                        body,
                        PutOptions::content_type("text/csv"),
                    )
                    .await?;
                report.written.push(format!("misc/{name}"));
            }
            report.warnings = output.warnings.iter().map(ToString::to_string).collect();
            report.summary = Some(output.summary);
        }
    }
    report.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    put_report(
        store,
        Bucket::Inbox,
        arrived,
        &compact(&report.started_at),
        &report,
    )
    .await?;
    Ok(Handled::Prepared(report))
}

async fn import(
    store: &dyn ObjectStore,
    pool: &Pool,
    options: &ImportOptions,
    arrived: &str,
) -> Result<Handled, HandlerError> {
    let folder = arrived.rsplit_once('/').map_or("", |(folder, _)| folder);
    let listing = store.list(Bucket::Misc, folder).await?;
    let present: Vec<&str> = listing
        .iter()
        .map(|o| o.key.as_str())
        .filter(|k| !k.starts_with("reports/"))
        .collect();
    let keys = match plan(arrived, &present, &options.dataset) {
        Plan::Ignore(why) => return Ok(Handled::Ignored(why)),
        Plan::Wait(why) => return Ok(Handled::Waiting(why)),
        Plan::Import(keys) => keys,
    };
    let mut bodies = Vec::with_capacity(keys.len());
    let mut force = options.force;
    for key in &keys {
        let object = store.get(Bucket::Misc, key).await?;
        force |= key == arrived && object.head.is_forced();
        bodies.push(object.body);
    }
    let files: Vec<PreparedFile> = keys
        .iter()
        .zip(&bodies)
        .map(|(name, bytes)| PreparedFile { name, bytes })
        .collect();
    let options = if force {
        options.clone().forced()
    } else {
        options.clone()
    };
    let started_at = now();
    let report = import_prepared(pool, &files, &options).await?;
    put_report(store, Bucket::Misc, arrived, &compact(&started_at), &report).await?;
    Ok(Handled::Imported(report))
}

/// UTC now, ISO 8601 to the second.
fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `2026-11-28T23:27:37Z` → `20261128T232737Z`, for report keys.
fn compact(iso: &str) -> String {
    iso.replace(['-', ':'], "")
}
