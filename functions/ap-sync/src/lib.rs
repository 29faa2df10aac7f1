//! ap-sync, every morning: the Géorisques documents dump becomes the lists of documents and APs
//! in `misc` (the original's files, byte for byte), the deployment's APs in the database, and one
//! OCR job for each AP without a result in the `ap` bucket (ap-ocr works them).
//!
//! A run may be repeated at any time: the files and the import are rewritten to the same
//! content, and a document whose job may still be in flight is not queued again
//! (`envinorma_db::ap_jobs`).

mod lambda;
pub mod summary;

pub use lambda::ApSyncFunction;

use bytes::Bytes;
use envinorma_cloud::{
    Bucket, CloudError, DownloadError, Downloader, JobQueue, ObjectStore, PutOptions,
};
use envinorma_core::ap_results::{self, Job, error_key};
use envinorma_core::georisques::{self, DumpLimits, OcrState, PublishedInstallation};
use envinorma_core::icpe_csv::{FileKind, GeorisquesId, OcrStatus};
use envinorma_db::ap_jobs::{self, ClaimRules};
use envinorma_db::{DbError, Pool};
use envinorma_icpe_import::prepared::{ImportError, ImportOptions, PreparedFile, import_prepared};
use envinorma_observe::Slack;
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};
use summary::Summary;

/// The dump's URL (a secret: it may carry a token), the AP documents' site, the Slack webhook.
pub const DUMP_URL_VAR: &str = "ENVINORMA_GEORISQUES_DUMP_URL";
pub const SOURCE_URL_VAR: &str = "ENVINORMA_AP_SOURCE_URL";
pub const SLACK_VAR: &str = "SLACK_WEBHOOK_URL";

/// Where editors may drop a dump instead: the newest object under it is read.
pub const INBOX_FOLDER: &str = "georisques/";

/// The national dump is ~15 MB compressed; this leaves room and bounds memory.
const MAX_DUMP_BYTES: u64 = 200 * 1024 * 1024;

/// A job's whole retry window on the OCR queue (visibility timeout of 1.5 h × 3 receives, see
/// infra) with a margin: a claim older than this is a job that died. Three sends at most.
pub const CLAIM_RULES: ClaimRules = ClaimRules {
    in_flight: Duration::from_secs(6 * 3600),
    max_sends: 3,
};

/// Documents claimed (one statement) then sent by tens at a time.
const CLAIM_CHUNK: usize = 1000;

/// New errors whose reason is read from their error object, at most (a first run may have
/// thousands: the rest are counted under one line).
const MAX_REASONS_READ: usize = 500;

/// Why a run failed: nothing was queued, and the schedule's retry or the next day redoes it.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("no Géorisques dump: set {DUMP_URL_VAR} or put one under inbox/{INBOX_FOLDER}")]
    NoDump,
    #[error("the Géorisques dump could not be downloaded: {0}")]
    DumpRefused(String),
    #[error(transparent)]
    Download(#[from] DownloadError),
    #[error("{0}")]
    Dump(String),
    #[error("misc/{file}: {reason}")]
    Previous { file: String, reason: String },
    #[error("no published installations: misc/{0} is missing (icpe-import writes it)")]
    NoInstallations(String),
    #[error(
        "the dump has {after} APs against {before} the last run: refused (more than a fifth gone)"
    )]
    Shrunk { before: usize, after: usize },
    #[error("the import of the APs failed: {0}")]
    ImportFailed(String),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Cloud(#[from] CloudError),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// The function's settings.
pub struct ApSync {
    dump_url: Option<String>,
    source_url: String,
    slack: Slack,
    import: ImportOptions,
    downloader: Downloader,
}

/// Where a run's dump comes from.
pub enum DumpSource {
    /// The configured URL, else the newest object under `inbox/georisques/`.
    Configured,
    /// These bytes (the command line's `--dump FILE`), named for the summary.
    Given { name: String, bytes: Vec<u8> },
}

/// What a run works with.
pub struct Ports<'a> {
    pub store: &'a dyn ObjectStore,
    pub pool: &'a Pool,
    pub queue: &'a dyn JobQueue,
}

impl ApSync {
    /// Reads its settings from any source of variables (blank counts as unset).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<ApSync, String> {
        let lookup = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let source_url =
            lookup(SOURCE_URL_VAR).unwrap_or_else(|| ap_results::DEFAULT_SOURCE_URL.to_owned());
        if !source_url.ends_with('/') {
            return Err(format!("{SOURCE_URL_VAR}={source_url:?} must end with /"));
        }
        Ok(ApSync {
            dump_url: lookup(DUMP_URL_VAR),
            source_url,
            slack: Slack::to(lookup(SLACK_VAR)),
            import: ImportOptions::from_lookup(lookup).map_err(|error| error.to_string())?,
            downloader: Downloader::new(MAX_DUMP_BYTES)?,
        })
    }

    /// One run; its summary is logged (and sent to Slack when configured) before it returns.
    pub async fn run(&self, ports: &Ports<'_>, dump: DumpSource) -> Result<Summary, SyncError> {
        let started = Instant::now();
        let result = self.sync(ports, dump).await;
        match &result {
            Ok(summary) => {
                let mut summary = summary.clone();
                summary.duration_ms = started.elapsed().as_millis() as u64;
                let line = serde_json::to_string(&summary).unwrap_or_default();
                tracing::info!(summary = %line, "ap-sync: done");
                self.slack.post(&summary.slack_text()).await;
                return Ok(summary);
            }
            Err(error) => {
                tracing::error!("ap-sync: FAILED: {error}");
                self.slack
                    .post(&format!("*ap-sync a échoué*\n{error}"))
                    .await;
            }
        }
        result
    }

    async fn sync(&self, ports: &Ports<'_>, dump: DumpSource) -> Result<Summary, SyncError> {
        let (dump_name, dump) = self.dump(ports.store, dump).await?;
        let listing = ports.store.list(Bucket::Ap, "").await?;
        let results = ap_results::results(
            listing
                .iter()
                .map(|object| (object.key.as_str(), object.size)),
        );
        let installations = self.installations(ports.store).await?;
        let published = installations
            .iter()
            .map(|[s3ic_id, region]| PublishedInstallation { s3ic_id, region });
        let state = |id| results.get(&id).copied().unwrap_or(OcrState::NotAttempted);
        let output = georisques::transform(&dump, DumpLimits::default(), published, state)
            .map_err(|error| SyncError::Dump(format!("{dump_name}: {error}")))?;
        let before = previous_statuses(ports.store).await?;
        // A dump that still reads but lost most of its rows must not empty the APs of every
        // installation: the original stopped below 100 rows, we stop on a fall by a fifth.
        if output.ap_ids.len() * 5 < before.len() * 4 {
            return Err(SyncError::Shrunk {
                before: before.len(),
                after: output.ap_ids.len(),
            });
        }
        let mut summary = Summary {
            dump: dump_name,
            aps: output.ap_ids.len(),
            warnings: output.warnings.iter().map(ToString::to_string).collect(),
            ..Summary::default()
        };

        // The deployment's APs into the database first: when it refuses them, nothing of this
        // run is written or queued, and the message says why. A dataset the transform does not
        // make (the demo's) is all the installations it was given.
        let files = output.files();
        let aps_file = FileKind::Aps.file_name(&self.import.dataset);
        let aps = files
            .iter()
            .find(|(name, _)| *name == aps_file)
            .map_or(output.all.aps.as_slice(), |(_, bytes)| bytes);
        let file = PreparedFile {
            name: &aps_file,
            bytes: aps,
        };
        let report = import_prepared(ports.pool, &[file], &self.import).await?;
        if !report.is_success() {
            return Err(SyncError::ImportFailed(report.summary()));
        }
        summary.import = report.summary();

        for (name, bytes) in &files {
            let body = Bytes::copy_from_slice(bytes);
            let options = PutOptions::content_type("text/csv; charset=utf-8");
            ports.store.put(Bucket::Misc, name, body, options).await?;
            summary.written.push(format!("misc/{name}"));
        }
        let ids: Vec<String> = output.ap_ids.iter().map(ToString::to_string).collect();
        let body = Bytes::from(serde_json::to_vec(&ids).unwrap_or_default());
        let options = PutOptions::content_type("application/json");
        ports
            .store
            .put(Bucket::Misc, IDS_FILE, body, options)
            .await?;
        summary.written.push(format!("misc/{IDS_FILE}"));

        let after: HashMap<GeorisquesId, OcrStatus> = output
            .ap_ids
            .iter()
            .map(|&id| (id, state(id).status()))
            .collect();
        let changes = summary::changes(&before, &after);
        summary.added = changes.added;
        summary.removed = changes.removed;
        summary.newly_ocred = changes.newly_ocred;
        summary.new_errors = changes.new_errors;
        for status in after.values() {
            *summary
                .statuses
                .entry(status.as_str().to_owned())
                .or_insert(0) += 1;
        }
        let new_errors: Vec<String> = after
            .iter()
            .filter(|(id, status)| {
                **status == OcrStatus::Error && before.get(*id) != Some(&OcrStatus::Error)
            })
            .map(|(id, _)| id.to_string())
            .collect();
        summary.errors_by_reason = reasons(ports.store, &new_errors).await?;

        let waiting: Vec<String> = output
            .ap_ids
            .iter()
            .filter(|id| !results.contains_key(*id))
            .map(ToString::to_string)
            .collect();
        self.queue(ports, &waiting, &mut summary).await?;
        Ok(summary)
    }

    /// The published installations `(s3ic_id, region)`: of `installations_all.csv` in `misc`,
    /// else of the deployment's dataset (the demo's).
    async fn installations(&self, store: &dyn ObjectStore) -> Result<Vec<[String; 2]>, SyncError> {
        let all = FileKind::Installations.file_name("all");
        let own = FileKind::Installations.file_name(&self.import.dataset);
        for file in [all, own] {
            match store.get(Bucket::Misc, &file).await {
                Ok(object) => {
                    return columns(&object.body, ["s3ic_id", "region"])
                        .map_err(|reason| SyncError::Previous { file, reason });
                }
                Err(error) if error.is_not_found() => {}
                Err(error) => return Err(error.into()),
            }
        }
        Err(SyncError::NoInstallations(
            FileKind::Installations.file_name("all"),
        ))
    }

    async fn dump(
        &self,
        store: &dyn ObjectStore,
        source: DumpSource,
    ) -> Result<(String, Vec<u8>), SyncError> {
        if let DumpSource::Given { name, bytes } = source {
            return Ok((name, bytes));
        }
        if let Some(url) = &self.dump_url {
            let bytes = self
                .downloader
                .fetch(url)
                .await
                .map_err(|error| SyncError::DumpRefused(error.reason))?
                .map_err(SyncError::DumpRefused)?;
            return Ok((DUMP_URL_VAR.to_owned(), bytes));
        }
        let newest = store
            .list(Bucket::Inbox, INBOX_FOLDER)
            .await?
            .into_iter()
            .filter(|object| !object.key.ends_with('/'))
            .max_by_key(|object| object.last_modified)
            .ok_or(SyncError::NoDump)?;
        if newest.size > MAX_DUMP_BYTES {
            return Err(SyncError::DumpRefused(format!(
                "inbox/{}: {} bytes, more than {MAX_DUMP_BYTES}",
                newest.key, newest.size
            )));
        }
        let object = store.get(Bucket::Inbox, &newest.key).await?;
        Ok((format!("inbox/{}", newest.key), object.body.to_vec()))
    }

    /// Claims and sends a job for each AP `waiting` for a result, by chunks; the claims of jobs
    /// the queue refused are given back (the next run sends them).
    async fn queue(
        &self,
        ports: &Ports<'_>,
        waiting: &[String],
        summary: &mut Summary,
    ) -> Result<(), SyncError> {
        let client = ports.pool.get().await.map_err(DbError::from)?;
        ap_jobs::keep_only(&client, waiting).await?;
        let mut claimed_total = 0;
        for chunk in waiting.chunks(CLAIM_CHUNK) {
            let claimed = ap_jobs::claim(&client, chunk, CLAIM_RULES).await?;
            claimed_total += claimed.len();
            let bodies: Vec<String> = claimed
                .iter()
                .map(|id| serde_json::to_string(&Job::at(&self.source_url, id)).unwrap_or_default())
                .collect();
            match ports.queue.send_batch(&bodies).await {
                Ok(_) => summary.queued += claimed.len(),
                Err(CloudError::BatchPartlyFailed { failures, .. }) => {
                    let failed: Vec<String> = failures
                        .iter()
                        .map(|(index, _)| claimed[*index].clone())
                        .collect();
                    ap_jobs::release(&client, &failed).await?;
                    summary.queued += claimed.len() - failed.len();
                    summary.warnings.push(format!(
                        "{} jobs refused by the queue (sent again next run)",
                        failed.len()
                    ));
                }
                Err(error) => {
                    ap_jobs::release(&client, &claimed).await?;
                    return Err(error.into());
                }
            }
        }
        summary.abandoned = ap_jobs::abandoned(&client, CLAIM_RULES).await?.len();
        summary.in_flight = waiting.len() - claimed_total - summary.abandoned;
        Ok(())
    }
}

/// The list of every AP's georisques id, as the original kept it for its OCR task.
pub const IDS_FILE: &str = "georisques_ids.json";

/// The statuses of the aps_all.csv of the previous run (none on a first run).
async fn previous_statuses(
    store: &dyn ObjectStore,
) -> Result<HashMap<GeorisquesId, OcrStatus>, SyncError> {
    let file = FileKind::Aps.file_name("all");
    let object = match store.get(Bucket::Misc, &file).await {
        Ok(object) => object,
        Err(error) if error.is_not_found() => return Ok(HashMap::new()),
        Err(error) => return Err(error.into()),
    };
    let rows = columns(&object.body, ["georisques_id", "ocr_status"])
        .map_err(|reason| SyncError::Previous { file, reason })?;
    Ok(rows
        .into_iter()
        .filter_map(|[id, status]| {
            let status = OcrStatus::parse(&status).unwrap_or(OcrStatus::Null);
            Some((GeorisquesId::parse(&id)?, status))
        })
        .collect())
}

/// The values of some columns of a CSV with a header, row by row.
fn columns<const N: usize>(csv: &[u8], names: [&str; N]) -> Result<Vec<[String; N]>, String> {
    let mut reader = csv::Reader::from_reader(csv);
    let headers = reader.headers().map_err(|error| error.to_string())?.clone();
    let mut indices = [0; N];
    for (index, name) in indices.iter_mut().zip(names) {
        *index = headers
            .iter()
            .position(|header| header == name)
            .ok_or_else(|| format!("no column {name}"))?;
    }
    reader
        .records()
        .map(|record| {
            let record = record.map_err(|error| error.to_string())?;
            Ok(indices.map(|index| record.get(index).unwrap_or_default().to_owned()))
        })
        .collect()
}

/// The reasons of these errors, counted: the first line of each error object, read 16 at a time.
async fn reasons(
    store: &dyn ObjectStore,
    errors: &[String],
) -> Result<BTreeMap<String, usize>, SyncError> {
    let mut counts = BTreeMap::new();
    let read: Vec<&String> = errors.iter().take(MAX_REASONS_READ).collect();
    for chunk in read.chunks(16) {
        let reasons = futures::future::join_all(chunk.iter().map(|id| reason(store, id))).await;
        for reason in reasons {
            *counts.entry(reason?).or_insert(0) += 1;
        }
    }
    if errors.len() > MAX_REASONS_READ {
        counts.insert(
            "(raisons non lues)".to_owned(),
            errors.len() - MAX_REASONS_READ,
        );
    }
    Ok(counts)
}

/// The first line of a document's error object.
async fn reason(store: &dyn ObjectStore, id: &str) -> Result<String, CloudError> {
    let object = store.get(Bucket::Ap, &error_key(id)).await?;
    let text = String::from_utf8_lossy(&object.body);
    Ok(text.lines().next().unwrap_or_default().to_owned())
}
