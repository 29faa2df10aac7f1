//! ap-ocr: one job of the OCR queue makes one AP document readable. Its source PDF is
//! downloaded; refused with a one-line reason (`ap/<id>.error.txt`), stored as it is when every
//! page has text, or made searchable page by page (`ap/<id>.pdf`); the text of its pages goes
//! into the database for the search in AP texts, and its row's OCR status follows.
//!
//! Redelivery is harmless: a document with a result object is not processed again. The result
//! object is written after the page texts and before the status, so that whatever step a run
//! dies at, the next delivery either redoes the whole document or finds its result and sets
//! the status it implies.

mod lambda;

pub use envinorma_core::ap_results::{Job, error_key, pdf_key};
pub use lambda::ApOcrFunction;

use bytes::Bytes;
use envinorma_cloud::{Bucket, CloudError, DownloadError, Downloader, ObjectStore, PutOptions};
use envinorma_core::icpe_csv::OcrStatus;
use envinorma_db::{DbError, Pool, ap_jobs, ap_pages, aps};
use envinorma_ocr::{OcrError, PAGE_BUDGET, PdfiumUnavailable, Pipeline, Verdict};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Source URL folder (`ENVINORMA_AP_SOURCE_URL`), download limit in bytes
/// (`ENVINORMA_AP_MAX_BYTES`) and time budget of a page in milliseconds
/// (`ENVINORMA_AP_PAGE_BUDGET_MS`: a function given less memory has a slower CPU share).
pub const SOURCE_URL_VAR: &str = "ENVINORMA_AP_SOURCE_URL";
pub const MAX_BYTES_VAR: &str = "ENVINORMA_AP_MAX_BYTES";
pub const PAGE_BUDGET_VAR: &str = "ENVINORMA_AP_PAGE_BUDGET_MS";

/// What a job did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A result was already there (a redelivery, or a job sent twice): nothing redone.
    AlreadyDone(OcrStatus),
    /// Every page had text: stored byte for byte.
    PassedThrough { pages: usize, size: usize },
    /// Made searchable.
    Ocred { pages: usize, size: usize },
    /// Refused, with the reason its error object holds.
    Refused(String),
}

/// Why a job must be retried: nothing about the document is known yet.
#[derive(Debug, thiserror::Error)]
pub enum Retry {
    #[error("not a job of ap-sync: {0}")]
    Malformed(String),
    #[error(transparent)]
    Download(#[from] DownloadError),
    #[error(transparent)]
    Cloud(#[from] CloudError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("OCR engine: {0}")]
    Engine(String),
}

/// Larger than any scanned AP (the largest seen are ~60 MB); a Lambda holds it in memory.
pub const DEFAULT_MAX_BYTES: u64 = 150 * 1024 * 1024;

/// The function's settings and engines, made once per process.
pub struct ApOcr {
    /// The folder URL every job's URL must be under: the queue is ours, but a bug or a forged
    /// message must not make the function fetch arbitrary URLs.
    source_url: String,
    downloader: Downloader,
    pipeline: Arc<Pipeline>,
}

/// A configuration the function cannot start with.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0}")]
    Source(String),
    #[error("{0}={1:?} is not a whole number")]
    Number(&'static str, String),
    #[error(transparent)]
    Pdfium(#[from] PdfiumUnavailable),
}

impl ApOcr {
    /// Reads its settings from any source of variables, and binds PDFium.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<ApOcr, ConfigError> {
        let base = lookup(SOURCE_URL_VAR)
            .unwrap_or_else(|| envinorma_core::ap_results::DEFAULT_SOURCE_URL.to_owned());
        let number = |name: &'static str, default: u64| match lookup(name) {
            None => Ok(default),
            Some(value) => value
                .trim()
                .parse()
                .map_err(|_| ConfigError::Number(name, value)),
        };
        let max_bytes = number(MAX_BYTES_VAR, DEFAULT_MAX_BYTES)?;
        let page_budget = number(PAGE_BUDGET_VAR, PAGE_BUDGET.as_millis() as u64)?;
        if !(base.starts_with("http://") || base.starts_with("https://")) || !base.ends_with('/') {
            return Err(ConfigError::Source(format!(
                "{SOURCE_URL_VAR}={base:?} must start with http:// or https:// and end with /"
            )));
        }
        Ok(ApOcr {
            source_url: base,
            downloader: Downloader::new(max_bytes).map_err(ConfigError::Source)?,
            pipeline: Arc::new(Pipeline::new()?.page_budget(Duration::from_millis(page_budget))),
        })
    }

    /// Handles one message of the queue, and logs its outcome.
    pub async fn handle(
        &self,
        store: &dyn ObjectStore,
        pool: &Pool,
        body: &str,
    ) -> Result<Outcome, Retry> {
        let started = Instant::now();
        let job = self.job(body)?;
        let outcome = self.process(store, pool, &job).await?;
        let millis = started.elapsed().as_millis();
        match &outcome {
            Outcome::Refused(reason) => {
                tracing::warn!(georisques_id = %job.georisques_id, duration_ms = millis, "ap-ocr: ERROR: {reason}")
            }
            outcome => {
                tracing::info!(georisques_id = %job.georisques_id, duration_ms = millis, "ap-ocr: {outcome:?}")
            }
        }
        Ok(outcome)
    }

    fn job(&self, body: &str) -> Result<Job, Retry> {
        let job: Job =
            serde_json::from_str(body).map_err(|error| Retry::Malformed(error.to_string()))?;
        // The id names objects: only the Géorisques form may, never a path of another shape.
        if envinorma_core::icpe_csv::GeorisquesId::parse(&job.georisques_id).is_none() {
            return Err(Retry::Malformed(format!(
                "georisques id {:?}",
                job.georisques_id
            )));
        }
        if !job.url.starts_with(&self.source_url) {
            return Err(Retry::Malformed(format!(
                "URL {:?} outside the AP source",
                job.url
            )));
        }
        Ok(job)
    }

    async fn process(
        &self,
        store: &dyn ObjectStore,
        pool: &Pool,
        job: &Job,
    ) -> Result<Outcome, Retry> {
        let id = job.georisques_id.as_str();
        if let Some((status, size)) = result_of(store, id).await? {
            record(pool, id, status, size).await?;
            return Ok(Outcome::AlreadyDone(status));
        }
        let bytes = match self.downloader.fetch(&job.url).await? {
            Ok(bytes) => bytes,
            Err(reason) => return refuse(store, pool, id, reason).await,
        };
        let pipeline = Arc::clone(&self.pipeline);
        // PDFium and tesseract block for seconds a page: off the runtime's threads.
        let read = tokio::task::spawn_blocking(move || read(&pipeline, bytes))
            .await
            .map_err(|error| Retry::Engine(error.to_string()))?;
        let (pdf, texts, ocred) = match read {
            Read::Refused(reason) => return refuse(store, pool, id, reason).await,
            Read::Failed(reason) => return Err(Retry::Engine(reason)),
            Read::Done { pdf, texts, ocred } => (pdf, texts, ocred),
        };
        let (pages, size) = (texts.len(), pdf.len());
        let client = pool.get().await.map_err(DbError::from)?;
        ap_pages::replace(&client, id, &texts).await?;
        store
            .put(
                Bucket::Ap,
                &pdf_key(id),
                Bytes::from(pdf),
                PutOptions::content_type("application/pdf"),
            )
            .await?;
        record(pool, id, OcrStatus::Success, Some(size)).await?;
        Ok(if ocred {
            Outcome::Ocred { pages, size }
        } else {
            Outcome::PassedThrough { pages, size }
        })
    }
}

/// What the page pipeline made of a document.
enum Read {
    Done {
        pdf: Vec<u8>,
        texts: Vec<String>,
        ocred: bool,
    },
    Refused(String),
    /// Tesseract failed: ours, not the document's.
    Failed(String),
}

fn read(pipeline: &Pipeline, bytes: Vec<u8>) -> Read {
    match pipeline.inspect(&bytes) {
        Err(refusal) => Read::Refused(refusal.to_string()),
        Ok(Verdict::PassThrough { .. }) => match pipeline.texts(&bytes) {
            Ok(texts) => Read::Done {
                pdf: bytes,
                texts,
                ocred: false,
            },
            Err(refusal) => Read::Refused(refusal.to_string()),
        },
        Ok(Verdict::Ocr { .. }) => match pipeline.searchable(&bytes, |_| {}) {
            Ok(searchable) => Read::Done {
                pdf: searchable.pdf,
                texts: searchable.texts,
                ocred: true,
            },
            Err(error @ (OcrError::Render { .. } | OcrError::Refused(_))) => {
                Read::Refused(error.to_string())
            }
            Err(error @ OcrError::Tesseract(_)) => Read::Failed(error.to_string()),
        },
    }
}

/// The result a document already has in the bucket: its status and, for a PDF, its size. The
/// PDF is looked for first: the rule of a PDF over an error, as `ap_results::results`.
async fn result_of(
    store: &dyn ObjectStore,
    id: &str,
) -> Result<Option<(OcrStatus, Option<usize>)>, CloudError> {
    for (key, status) in [
        (pdf_key(id), OcrStatus::Success),
        (error_key(id), OcrStatus::Error),
    ] {
        match store.head(Bucket::Ap, &key).await {
            Ok(head) => {
                let size = (status == OcrStatus::Success).then_some(head.summary.size as usize);
                return Ok(Some((status, size)));
            }
            Err(error) if error.is_not_found() => {}
            Err(error) => return Err(error),
        }
    }
    Ok(None)
}

async fn refuse(
    store: &dyn ObjectStore,
    pool: &Pool,
    id: &str,
    reason: String,
) -> Result<Outcome, Retry> {
    // One line, whatever the reason holds (an HTTP status text, a PDFium message).
    let line = reason.replace(['\r', '\n'], " ");
    store
        .put(
            Bucket::Ap,
            &error_key(id),
            Bytes::from(format!("{line}\n")),
            PutOptions::content_type("text/plain; charset=utf-8"),
        )
        .await?;
    record(pool, id, OcrStatus::Error, None).await?;
    Ok(Outcome::Refused(line))
}

/// The AP's row follows its result, and its job is over.
async fn record(
    pool: &Pool,
    id: &str,
    status: OcrStatus,
    size: Option<usize>,
) -> Result<(), Retry> {
    let client = pool.get().await.map_err(DbError::from)?;
    let size = size.map(|size| i32::try_from(size).unwrap_or(i32::MAX));
    aps::set_ocr_result(&client, id, status, size).await?;
    ap_jobs::finished(&client, &[id.to_owned()]).await?;
    Ok(())
}
