//! The S3 trigger on `am/ams/latest.zip`, on the local store, driven by the sample event.

mod common;

use bytes::Bytes;
use envinorma_am_import::AmImportReport;
use envinorma_cloud::testing::{local_store, s3_store};
use envinorma_cloud::{Bucket, ObjectEvent, ObjectStore, PutOptions};
use envinorma_db::testing::{self, TestDatabase};

/// The event S3 sends when the back-office publishes am/ams/latest.zip.
fn sample_event() -> ObjectEvent {
    envinorma_cloud::testing::sample_event("s3-put-am-latest.json")
}

/// The repository's demo AMs, zipped as the back-office publishes them, and how many.
fn demo_archive() -> (Bytes, usize) {
    let ams = envinorma_test_support::demo_ams();
    (Bytes::from(common::zip_of(&ams)), ams.len())
}

/// Uploads `archive` as am/ams/latest.zip and hands the handler the event S3 sends for it.
async fn upload_and_handle(
    store: &dyn ObjectStore,
    db: &TestDatabase,
    archive: Bytes,
    options: PutOptions,
) -> AmImportReport {
    store
        .put(Bucket::Am, "ams/latest.zip", archive, options)
        .await
        .unwrap();
    handle_sample_event(store, db).await
}

/// The report of the handler given the event S3 sends for am/ams/latest.zip.
async fn handle_sample_event(store: &dyn ObjectStore, db: &TestDatabase) -> AmImportReport {
    envinorma_am_import::handle(store, db.pool(), &sample_event())
        .await
        .unwrap()
        .expect("handled")
}

#[tokio::test]
async fn the_published_archive_is_imported_and_reported_beside_it() {
    let (store, _dir) = local_store();
    let db = TestDatabase::new().await;
    let (archive, count) = demo_archive();
    let report = upload_and_handle(&store, &db, archive, PutOptions::default()).await;
    assert!(report.succeeded(), "{}", report.summary());
    assert_eq!(report.changes.inserted.len(), count);
    let stored: i64 = testing::count(&db.client().await, "SELECT count(*) FROM ams").await;
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
    let (store, _dir) = local_store();
    let db = TestDatabase::new().await;
    let before = db.checksum().await;
    let report = upload_and_handle(
        &store,
        &db,
        Bytes::from_static(b"not a zip"),
        PutOptions::default(),
    )
    .await;
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
    let (store, _dir) = local_store();
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

/// An S3 store on moto whose buckets exist, under a prefix of the test's own.
async fn moto_store() -> envinorma_cloud::S3ObjectStore {
    s3_store().await.0
}

#[tokio::test]
async fn on_s3_the_archive_is_read_from_the_bucket_and_the_report_written_there() {
    let store = moto_store().await;
    let db = TestDatabase::new().await;
    let (archive, count) = demo_archive();
    let report = upload_and_handle(&store, &db, archive, PutOptions::default()).await;
    assert_eq!(report.changes.inserted.len(), count, "{}", report.summary());
    assert_eq!(store.list(Bucket::Am, "reports/").await.unwrap().len(), 1);
}

/// The demo archive imported, then one of its AMs alone: refused, then accepted once uploaded
/// with `force=true`.
async fn an_upload_deleting_most_ams_needs_force_true(store: &dyn ObjectStore) {
    let db = TestDatabase::new().await;
    let (archive, count) = demo_archive();
    let first = upload_and_handle(store, &db, archive, PutOptions::default()).await;
    assert_eq!(first.changes.inserted.len(), count, "{}", first.summary());
    let before = db.checksum().await;

    let one_am = one_am_archive();
    let refused = upload_and_handle(store, &db, one_am.clone(), PutOptions::default()).await;
    assert_eq!(
        refused.summary(),
        format!(
            "am-import am/ams/latest.zip: REFUSED, am/ams/latest.zip would delete {} of the {count} AMs (67 %, more than 20 %): a truncated upload? Nothing changed; import again with force to confirm",
            count - 1
        )
    );
    assert_eq!(db.checksum().await, before, "nothing changed");

    let forced = upload_and_handle(
        store,
        &db,
        one_am,
        PutOptions::default().with_metadata(envinorma_cloud::FORCE_METADATA, "true"),
    )
    .await;
    assert!(forced.succeeded(), "{}", forced.summary());
    assert!(forced.forced);
    assert_eq!(forced.changes.deleted.len(), count - 1);
}

/// The first demo AM alone, zipped.
fn one_am_archive() -> Bytes {
    Bytes::from(common::zip_of(&envinorma_test_support::demo_ams()[..1]))
}

#[tokio::test]
async fn on_the_local_store_an_upload_deleting_most_ams_needs_force_true() {
    let (store, _dir) = local_store();
    an_upload_deleting_most_ams_needs_force_true(&store).await;
}

#[tokio::test]
async fn on_s3_an_upload_deleting_most_ams_needs_force_true() {
    an_upload_deleting_most_ams_needs_force_true(&moto_store().await).await;
}

#[tokio::test]
async fn a_zip_bomb_in_the_bucket_ends_in_a_report_not_a_crash() {
    let (store, _dir) = local_store();
    let db = TestDatabase::new().await;
    let limit = envinorma_am_import::ArchiveLimits::default().max_entry_bytes;
    let bomb = Bytes::from(common::zip_of(&[(
        "JORFTEXT000090000001.json",
        vec![b' '; limit as usize + 1],
    )]));
    let report = upload_and_handle(&store, &db, bomb, PutOptions::default()).await;
    assert_eq!(
        report.summary(),
        "am-import am/ams/latest.zip: REJECTED, 1 problem(s) in 0 file(s) read, nothing changed; first: JORFTEXT000090000001.json: more than 16777216 bytes once decompressed, the limit of one AM file (the largest published AM is 1 MB): a zip bomb? Nothing read further"
    );
    assert_eq!(store.list(Bucket::Am, "reports/").await.unwrap().len(), 1);
}

#[tokio::test]
async fn an_archive_larger_than_its_limit_is_refused_without_being_read() {
    let (store, dir) = local_store();
    let db = TestDatabase::new().await;
    let before = db.checksum().await;
    // Dropped by hand as a sparse file: its size is told without writing it.
    let limit = envinorma_am_import::ArchiveLimits::default().max_total_bytes;
    let path = dir.path().join("am/ams/latest.zip");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::File::create(&path)
        .unwrap()
        .set_len(limit + 1)
        .unwrap();

    let report = handle_sample_event(&store, &db).await;
    assert_eq!(
        report.summary(),
        format!(
            "am-import am/ams/latest.zip: REJECTED, 1 problem(s) in 0 file(s) read, nothing changed; first: am/ams/latest.zip: the archive is {} bytes, more than the {limit} bytes its AM files may hold together: not read",
            limit + 1
        )
    );
    assert_eq!(db.checksum().await, before);
}
