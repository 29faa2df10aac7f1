//! Soak: 300 jobs on moto's SQS (dead-letter queue after three receives) and S3, 5 % of the
//! documents bad, with faults injected: S3 calls failing, handlers killed mid-document (their
//! future dropped at any await), jobs delivered twice. Every document must end with exactly one
//! result, whole, matching its row, or its job in the dead-letter queue; none lost. A job that
//! died between the result and the row is in the dead-letter queue too, and its redrive (or the
//! next ap-sync, which reads the rows' status from the bucket) sets the row.

mod common;

use async_trait::async_trait;
use axum::http::StatusCode;
use bytes::Bytes;
use common::{Site, ap_row, georisques_id, installation_with_aps};
use envinorma_ap_ocr::{DEFAULT_MAX_BYTES, error_key, pdf_key};
use envinorma_cloud::testing::s3_store;
use envinorma_cloud::{
    Bucket, CloudError, JobQueue, Object, ObjectHead, ObjectStore, ObjectSummary, PutOptions,
    ResponseHeaders, S3ObjectStore,
};
use envinorma_core::ap_results::Job;
use envinorma_db::testing::TestDatabase;
use envinorma_test_support::read;
use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

const DOCUMENTS: u32 = 300;

/// S3 whose every 29th call fails, as a flaky network would.
struct Flaky {
    inner: S3ObjectStore,
    calls: AtomicU64,
}

impl Flaky {
    fn fault(&self, operation: &'static str, key: &str) -> Result<(), CloudError> {
        if self.calls.fetch_add(1, Ordering::SeqCst) % 29 == 28 {
            return Err(CloudError::Storage {
                operation,
                bucket: "ap".into(),
                key: key.into(),
                source: "injected fault".into(),
            });
        }
        Ok(())
    }
}

#[async_trait]
impl ObjectStore for Flaky {
    async fn get(&self, bucket: Bucket, key: &str) -> Result<Object, CloudError> {
        self.fault("get", key)?;
        self.inner.get(bucket, key).await
    }
    async fn put(
        &self,
        bucket: Bucket,
        key: &str,
        body: Bytes,
        options: PutOptions,
    ) -> Result<(), CloudError> {
        self.fault("put", key)?;
        self.inner.put(bucket, key, body, options).await
    }
    async fn list(&self, bucket: Bucket, prefix: &str) -> Result<Vec<ObjectSummary>, CloudError> {
        self.inner.list(bucket, prefix).await
    }
    async fn delete(&self, bucket: Bucket, key: &str) -> Result<(), CloudError> {
        self.inner.delete(bucket, key).await
    }
    async fn head(&self, bucket: Bucket, key: &str) -> Result<ObjectHead, CloudError> {
        self.fault("head", key)?;
        self.inner.head(bucket, key).await
    }
    async fn presign_get(
        &self,
        bucket: Bucket,
        key: &str,
        expires: Duration,
        headers: &ResponseHeaders,
    ) -> Result<Option<String>, CloudError> {
        self.inner.presign_get(bucket, key, expires, headers).await
    }
}

/// What each document is, and what it must end as.
enum Kind {
    Text,
    Scan,
    Bad(&'static str, &'static str),
}

fn kind(n: u32) -> Kind {
    const BAD: [(&str, &str); 5] = [
        ("bad-empty.pdf", "empty file"),
        ("bad-not-a-pdf.pdf", "not a PDF (no %PDF- header)"),
        ("bad-truncated.pdf", "truncated or corrupt PDF"),
        ("bad-encrypted.pdf", "encrypted, password required"),
        ("bad-zero-pages.pdf", "PDF has no pages"),
    ];
    match n {
        // 15 of 300: 5 %.
        n if n % 20 == 7 => Kind::Bad(BAD[(n / 20) as usize % 5].0, BAD[(n / 20) as usize % 5].1),
        n if n % 50 == 3 => Kind::Scan,
        _ => Kind::Text,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_hundred_jobs_with_faults_each_end_once_whole_or_in_the_dead_letter_queue() {
    let site = Site::start().await;
    let text = read("data/ocr/text-layer.pdf");
    let ids: Vec<String> = (0..DOCUMENTS).map(georisques_id).collect();
    for (n, id) in (0..DOCUMENTS).zip(&ids) {
        let body = match kind(n) {
            Kind::Text => text.clone(),
            Kind::Scan => read("data/ocr/scan-01.pdf"),
            Kind::Bad(file, _) => read(&format!("data/ocr/{file}")),
        };
        site.serve(id, StatusCode::OK, body);
    }
    let (s3, config) = s3_store().await;
    let store = Flaky {
        inner: s3,
        calls: AtomicU64::new(0),
    };
    let db = TestDatabase::new().await;
    installation_with_aps(&db.client().await, &ids).await;
    let (queue, dead) = common::queue_with_dead_letters(&config, Duration::from_secs(2)).await;
    // Every tenth job twice.
    let mut bodies: Vec<String> = ids.iter().map(|id| site.job(id)).collect();
    bodies.extend(ids.iter().step_by(10).map(|id| site.job(id)));
    queue.send_batch(&bodies).await.unwrap();

    let function = site.function(DEFAULT_MAX_BYTES);
    let mut kills = 0u32;
    let started = Instant::now();
    let mut idle = 0;
    // Until the queue stays empty longer than a visibility timeout.
    while idle < 3 {
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "the soak did not drain"
        );
        let received = envinorma_lambda::poll_once(&queue, Duration::from_secs(1), async |m| {
            kills += 1;
            // Every 13th handling is killed after a few milliseconds: wherever it is.
            if kills.is_multiple_of(13) {
                let deadline = Duration::from_millis(u64::from(kills % 40));
                return match tokio::time::timeout(
                    deadline,
                    function.handle(&store, db.pool(), &m.body),
                )
                .await
                {
                    Ok(result) => result.map(|_| ()).map_err(|e| e.to_string()),
                    Err(_) => Err("killed".to_owned()),
                };
            }
            function
                .handle(&store, db.pool(), &m.body)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
        .await
        .unwrap();
        idle = if received == 0 { idle + 1 } else { 0 };
    }

    let mut dead_letters = Vec::new();
    loop {
        let letters = dead.receive(10, Duration::ZERO).await.unwrap();
        if letters.is_empty() {
            break;
        }
        for letter in letters {
            dead.delete(&letter.receipt).await.unwrap();
            dead_letters.push(letter.body);
        }
    }
    let dead_ids: HashSet<String> = dead_letters
        .iter()
        .map(|body| serde_json::from_str::<Job>(body).unwrap().georisques_id)
        .collect();
    let client = db.client().await;
    // Before the redrive: a document without a result, or whose row does not follow its
    // result (its job died between the two), has its job in the dead-letter queue.
    for id in &ids {
        let (result, row) = (result(&store.inner, id).await, ap_row(&client, id).await);
        if result.is_none() || result.as_ref().map(|(row, _)| row) != Some(&row) {
            assert!(dead_ids.contains(id), "{id}: lost ({result:?}, {row:?})");
            assert_eq!(row, ("NOT_ATTEMPTED".into(), None), "{id}");
        }
    }
    eprintln!(
        "soak: {} in the DLQ, {kills} handlings, {} s",
        dead_ids.len(),
        started.elapsed().as_secs()
    );
    assert!(
        dead_ids.len() < DOCUMENTS as usize / 20,
        "too many dead letters: {dead_ids:?}"
    );

    // The operator redrives the dead letters once the faults are over: every document ends
    // with its one result, whole, and its row follows it.
    for body in &dead_letters {
        function
            .handle(&store.inner, db.pool(), body)
            .await
            .unwrap();
    }
    let (mut successes, mut errors) = (0, 0);
    for (n, id) in (0..DOCUMENTS).zip(&ids) {
        let Some((row, body)) = result(&store.inner, id).await else {
            panic!("{id}: no result after the redrive");
        };
        assert_eq!(ap_row(&client, id).await, row, "{id}");
        match kind(n) {
            Kind::Bad(file, reason) => {
                assert_eq!(body, Bytes::from(format!("{reason}\n")), "{id} ({file})");
                errors += 1;
            }
            Kind::Text => {
                assert!(
                    body == text,
                    "{id}: the PDF with text was not kept byte for byte"
                );
                successes += 1;
            }
            Kind::Scan => {
                assert!(body.starts_with(b"%PDF-") && body.len() > 100_000, "{id}");
                successes += 1;
            }
        }
    }
    eprintln!("soak after the redrive: {successes} SUCCESS, {errors} ERROR");
}

/// A document's one result object, and the row it implies; panics on both a PDF and an error.
async fn result(s3: &S3ObjectStore, id: &str) -> Option<((String, Option<i32>), Bytes)> {
    let body = |key: String| async move {
        match s3.get(Bucket::Ap, &key).await {
            Ok(object) => Some(object.body),
            Err(error) if error.is_not_found() => None,
            Err(error) => panic!("{key}: {error}"),
        }
    };
    match (body(pdf_key(id)).await, body(error_key(id)).await) {
        (Some(_), Some(_)) => panic!("{id}: both a PDF and an error"),
        (Some(pdf), None) => Some((("SUCCESS".into(), Some(pdf.len() as i32)), pdf)),
        (None, Some(error)) => Some((("ERROR".into(), None), error)),
        (None, None) => None,
    }
}
