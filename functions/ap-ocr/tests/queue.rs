//! The queue around the function, on moto's SQS: the messages handled are deleted, a job that
//! keeps failing comes back and lands in the dead-letter queue after three receives.

mod common;

use axum::http::StatusCode;
use common::{Site, georisques_id, installation_with_aps};
use envinorma_ap_ocr::{DEFAULT_MAX_BYTES, pdf_key};
use envinorma_cloud::testing::s3_store;
use envinorma_cloud::{Bucket, JobQueue, ObjectStore};
use envinorma_db::testing::TestDatabase;
use envinorma_lambda::poll_once;
use envinorma_test_support::read;
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_job_that_keeps_failing_lands_in_the_dead_letter_queue_after_three_receives() {
    let (good, busy) = (georisques_id(1), georisques_id(2));
    let site = Site::start().await;
    site.serve(&good, StatusCode::OK, read("data/ocr/text-layer.pdf"));
    site.serve(&busy, StatusCode::SERVICE_UNAVAILABLE, Vec::new());
    let (store, config) = s3_store().await;
    let db = TestDatabase::new().await;
    installation_with_aps(&db.client().await, &[good.clone(), busy.clone()]).await;
    let (queue, dead) = common::queue_with_dead_letters(&config, Duration::from_secs(1)).await;
    queue
        .send_batch(&[site.job(&good), site.job(&busy)])
        .await
        .unwrap();

    let function = site.function(DEFAULT_MAX_BYTES);
    let started = Instant::now();
    let mut dead_letters = Vec::new();
    while dead_letters.is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no dead letter after a minute"
        );
        poll_once(&queue, Duration::from_secs(1), async |message| {
            function
                .handle(&store, db.pool(), &message.body)
                .await
                .map(|_| ())
        })
        .await
        .unwrap();
        dead_letters = dead.receive(10, Duration::ZERO).await.unwrap();
    }

    assert_eq!(dead_letters.len(), 1);
    assert_eq!(dead_letters[0].body, site.job(&busy));
    // Done once, and the failing job tried three times.
    assert_eq!(site.hits(), 1 + 3);
    assert!(store.head(Bucket::Ap, &pdf_key(&good)).await.is_ok());
    assert!(
        queue
            .receive(10, Duration::from_secs(2))
            .await
            .unwrap()
            .is_empty()
    );
}
