//! The S3 triggers of icpe-import: raw extracts landing in `inbox/s3ic/`, and prepared CSVs
//! landing in `misc`. Every run writes a JSON report next to its input and logs one line.
//!
//! An event of `misc` says only that something landed: the import reads what the bucket holds
//! once it holds the import lock (the newest files win, see [`crate::prepared::FileSource`]).
//! Each of the two files of a pair triggers it; for the pair a transform run writes to be
//! imported once and whole, the run stamps both objects with its id ([`RUN_METADATA`]) and a
//! file whose partner is of another run waits for it ([`waits_for_its_run`]). A stamp rather
//! than a manifest written last: files an editor drops by hand carry none and import as before,
//! with nothing more to upload.

use crate::prepared::{
    Fetched, FileSource, ImportError, ImportOptions, ImportReport, Plan, Run, import_from, plan,
    waits_for_its_run,
};
use crate::raw::{RAW_FOLDER, RUN_METADATA, RawReport, extract_keys};
use bytes::Bytes;
use envinorma_cloud::{
    Bucket, CloudError, Object, ObjectEvent, ObjectStore, PutOptions, put_report,
};
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
            // triggers the import of the pair. Both carry this run's id, so that neither is
            // imported with a file of another run (see `waits_for_its_run`).
            let run = uuid::Uuid::new_v4().simple().to_string();
            for (name, bytes) in output.files().into_iter().rev() {
                let body = Bytes::copy_from_slice(bytes);
                let options =
                    PutOptions::content_type("text/csv").with_metadata(RUN_METADATA, &run);
                store.put(Bucket::Misc, &name, body, options).await?;
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
    let source = MiscFiles {
        store,
        arrived,
        dataset: &options.dataset,
    };
    // A first look without the lock: most events of a transform run are files of other
    // datasets or the first of a pair, and need no database connection.
    match source.plan().await? {
        Plan::Ignore(why) => return Ok(Handled::Ignored(why)),
        Plan::Wait(why) => return Ok(Handled::Waiting(why)),
        Plan::Import(_) => {}
    }
    let started_at = now();
    let report = match import_from(pool, &source, options).await? {
        Run::Waited(why) => return Ok(Handled::Waiting(why)),
        Run::Done(report) => report,
    };
    put_report(store, Bucket::Misc, arrived, &compact(&started_at), &report).await?;
    Ok(Handled::Imported(report))
}

/// The prepared files of `misc` an arrival leads to, as the bucket holds them when read.
struct MiscFiles<'a> {
    store: &'a dyn ObjectStore,
    arrived: &'a str,
    dataset: &'a str,
}

impl MiscFiles<'_> {
    /// What to import with the arrival, from a listing of its folder.
    async fn plan(&self) -> Result<Plan, CloudError> {
        let folder = self
            .arrived
            .rsplit_once('/')
            .map_or("", |(folder, _)| folder);
        let listing = self.store.list(Bucket::Misc, folder).await?;
        let present: Vec<&str> = listing
            .iter()
            .map(|o| o.key.as_str())
            .filter(|k| !k.starts_with("reports/"))
            .collect();
        Ok(plan(self.arrived, &present, self.dataset))
    }

    async fn read(&self) -> Result<Fetched<Bytes>, CloudError> {
        let keys = match self.plan().await? {
            Plan::Import(keys) => keys,
            Plan::Wait(why) | Plan::Ignore(why) => return Ok(Fetched::Wait(why)),
        };
        let mut objects: Vec<(String, Object)> = Vec::with_capacity(keys.len());
        for key in keys {
            match self.store.get(Bucket::Misc, &key).await {
                Ok(object) => objects.push((key, object)),
                Err(error) if error.is_not_found() => {
                    return Ok(Fetched::Wait(format!("{key} was removed from misc")));
                }
                Err(error) => return Err(error),
            }
        }
        let runs: Vec<(&str, Option<&str>)> = objects
            .iter()
            .map(|(key, object)| {
                let run = object.head.metadata.get(RUN_METADATA).map(String::as_str);
                (key.as_str(), run)
            })
            .collect();
        if let Some(why) = waits_for_its_run(self.arrived, &runs) {
            return Ok(Fetched::Wait(why));
        }
        let force = objects
            .iter()
            .any(|(key, object)| key == self.arrived && object.head.is_forced());
        Ok(Fetched::Files {
            files: objects
                .into_iter()
                .map(|(key, object)| (key, object.body))
                .collect(),
            force,
        })
    }
}

impl FileSource for MiscFiles<'_> {
    type Bytes = Bytes;

    /// Lists, plans and reads again under the lock: what is imported is what the bucket holds
    /// now, not what it held when the event was sent.
    async fn fetch(&self) -> Result<Fetched<Bytes>, ImportError> {
        self.read()
            .await
            .map_err(|error| ImportError::Fetch(error.into()))
    }
}

/// UTC now, ISO 8601 to the second.
fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `2026-11-28T23:27:37Z` → `20261128T232737Z`, for report keys.
fn compact(iso: &str) -> String {
    iso.replace(['-', ':'], "")
}
