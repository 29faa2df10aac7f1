//! The S3 trigger on `am/ams/latest.zip`, on the local store, driven by the sample event.

use aws_lambda_events::s3::S3Event;
use bytes::Bytes;
use envinorma_cloud::{
    Bucket, BucketNames, LocalObjectStore, ObjectEvent, ObjectStore, PutOptions,
};
use envinorma_db::testing::TestDatabase;
use std::io::Write;
use std::path::Path;

fn sample_event() -> ObjectEvent {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events/s3-put-am-latest.json");
    let event: S3Event = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    ObjectEvent::from_s3_event(&event, &BucketNames::with_prefix("envinorma-").unwrap())
        .unwrap()
        .remove(0)
}

/// The repository's demo AMs, zipped as the back-office publishes them.
fn demo_archive() -> (Bytes, usize) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/ams");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        zip.start_file(
            path.file_name().unwrap().to_string_lossy(),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(&std::fs::read(&path).unwrap()).unwrap();
        count += 1;
    }
    (Bytes::from(zip.finish().unwrap().into_inner()), count)
}

#[tokio::test]
async fn the_published_archive_is_imported_and_reported_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = LocalObjectStore::new(dir.path());
    let db = TestDatabase::new().await;
    let (archive, count) = demo_archive();
    store
        .put(Bucket::Am, "ams/latest.zip", archive, PutOptions::default())
        .await
        .unwrap();

    let report = envinorma_am_import::handle(&store, db.pool(), &sample_event())
        .await
        .unwrap()
        .expect("imported");
    assert!(report.succeeded(), "{}", report.summary());
    assert_eq!(report.changes.inserted.len(), count);
    let stored: i64 = db
        .client()
        .await
        .query_one("SELECT count(*) FROM ams", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(stored as usize, count);
    let reports = store.list(Bucket::Am, "reports/").await.unwrap();
    assert_eq!(reports.len(), 1);
    let written: serde_json::Value =
        serde_json::from_slice(&store.get(Bucket::Am, &reports[0].key).await.unwrap().body)
            .unwrap();
    assert_eq!(written["inserted"].as_array().unwrap().len(), count);
}

#[tokio::test]
async fn an_unreadable_archive_changes_nothing_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let store = LocalObjectStore::new(dir.path());
    let db = TestDatabase::new().await;
    let before = db.checksum().await;
    store
        .put(
            Bucket::Am,
            "ams/latest.zip",
            Bytes::from_static(b"not a zip"),
            PutOptions::default(),
        )
        .await
        .unwrap();
    let report = envinorma_am_import::handle(&store, db.pool(), &sample_event())
        .await
        .unwrap()
        .expect("handled");
    assert!(!report.succeeded());
    assert!(
        report.problems[0]
            .problem
            .contains("not a readable zip archive"),
        "{:?}",
        report.problems
    );
    assert_eq!(db.checksum().await, before);
}

#[tokio::test]
async fn other_keys_of_the_am_bucket_are_not_imported() {
    let dir = tempfile::tempdir().unwrap();
    let store = LocalObjectStore::new(dir.path());
    let db = TestDatabase::new().await;
    let mut event = sample_event();
    event.key = "ams/20261128T070000Z.zip".into();
    assert!(
        envinorma_am_import::handle(&store, db.pool(), &event)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn on_s3_the_archive_is_read_from_the_bucket_and_the_report_written_there() {
    let prefix = format!("t{}-", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let config = envinorma_cloud::CloudConfig::from_lookup(|variable| match variable {
        "AWS_ENDPOINT_URL" => Some("http://127.0.0.1:4566".into()),
        "AWS_REGION" => Some("us-east-1".into()),
        "ENVINORMA_BUCKET_PREFIX" => Some(prefix.clone()),
        _ => None,
    })
    .unwrap();
    // moto accepts any credentials; the test names its own rather than relying on the environment.
    let sdk = envinorma_cloud::aws_config_loader(&config.aws)
        .credentials_provider(aws_sdk_s3::config::Credentials::new(
            "test", "test", None, None, "tests",
        ))
        .load()
        .await;
    let store = envinorma_cloud::S3ObjectStore::new(
        envinorma_cloud::s3_client(&sdk, &config.aws),
        config.buckets.clone(),
    );
    store
        .create_buckets()
        .await
        .expect("moto runs on 127.0.0.1:4566 (scripts/services.sh)");
    let db = TestDatabase::new().await;
    let (archive, count) = demo_archive();
    store
        .put(Bucket::Am, "ams/latest.zip", archive, PutOptions::default())
        .await
        .unwrap();

    let report = envinorma_am_import::handle(&store, db.pool(), &sample_event())
        .await
        .unwrap()
        .expect("imported");
    assert_eq!(report.changes.inserted.len(), count, "{}", report.summary());
    assert_eq!(store.list(Bucket::Am, "reports/").await.unwrap().len(), 1);
}
