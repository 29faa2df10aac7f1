//! The S3 triggers end to end: raw extracts dropped in the inbox become prepared CSVs in misc,
//! whose arrival imports them; on the local store (driven by the real-shaped sample events of
//! `events/`) and on S3 + SQS (moto, notifications delivered as in the cloud).

mod common;

use bytes::Bytes;
use common::*;
use envinorma_cloud::testing::{self, local_store, sample_event};
use envinorma_cloud::{
    Bucket, CloudConfig, Object, ObjectStore, PutOptions, S3ObjectStore, SqsQueue,
};
use envinorma_db::testing::TestDatabase;
use envinorma_icpe_import::prepared::{ImportOptions, Outcome};
use envinorma_icpe_import::{Handled, RUN_METADATA};
use std::time::Duration;

async fn count(db: &TestDatabase, table: &str) -> i64 {
    common::count(db, &format!("SELECT count(*) FROM {table}")).await
}

/// How many installations the transform must give for the real extracts: the lines of the
/// expected file but its header.
fn expected_installation_count() -> i64 {
    raw("expected_installations.csv")
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as i64
        - 1
}

#[tokio::test]
async fn raw_extracts_become_prepared_files_whose_arrival_imports_them() {
    let (store, _dir) = local_store();
    let db = TestDatabase::new().await;
    let options = ImportOptions::default();

    let lone = put_extract_and_handle(&store, &db, &options, &ETABLISSEMENTS).await;
    assert!(
        matches!(lone, Handled::Waiting(_)),
        "a lone extract waits for its partner: {lone:?}"
    );

    let Handled::Prepared(report) = put_extract_and_handle(&store, &db, &options, &RUBRIQUES).await
    else {
        panic!("the pair is transformed")
    };
    assert!(report.succeeded(), "{}", report.summary_line());
    let prepared = store
        .get(Bucket::Misc, "installations_all.csv")
        .await
        .unwrap()
        .body;
    assert_eq!(prepared, raw("expected_installations.csv"));
    assert_eq!(
        store
            .get(Bucket::Misc, "classements_all.csv")
            .await
            .unwrap()
            .body,
        raw("expected_classements.csv")
    );
    let reports = store.list(Bucket::Inbox, "reports/").await.unwrap();
    assert_eq!(reports.len(), 1, "one report next to the input");

    let misc_sample = sample_event("s3-put-misc-installations.json");
    let Handled::Imported(imported) = handled(&store, db.pool(), &options, &misc_sample).await
    else {
        panic!("the prepared pair is imported")
    };
    assert_eq!(
        imported.outcome,
        Outcome::Imported,
        "{}",
        imported.summary()
    );
    assert_eq!(
        count(&db, "installations").await,
        expected_installation_count()
    );
    assert_eq!(store.list(Bucket::Misc, "reports/").await.unwrap().len(), 1);

    let checksum = db.checksum().await;
    let again = handled(&store, db.pool(), &options, &misc_sample).await;
    assert!(
        matches!(again, Handled::Imported(ref r) if r.outcome == Outcome::Unchanged),
        "{again:?}"
    );
    assert_eq!(
        db.checksum().await,
        checksum,
        "a redelivered event changes nothing"
    );
}

#[tokio::test]
async fn an_invalid_extract_writes_nothing_but_a_report() {
    let (store, _dir) = local_store();
    let db = TestDatabase::new().await;
    put_extract(
        &store,
        &ETABLISSEMENTS,
        Bytes::from_static(b"code_s3ic;nom\n0065.00005;X\n"),
    )
    .await;
    let Handled::Prepared(report) =
        put_extract_and_handle(&store, &db, &ImportOptions::default(), &RUBRIQUES).await
    else {
        panic!("the pair is handled")
    };
    assert!(!report.succeeded());
    assert!(
        report
            .summary_line()
            .contains("s3ic-liste-etablissements.csv"),
        "{}",
        report.summary_line()
    );
    assert!(store.list(Bucket::Misc, "").await.unwrap().is_empty());
    assert_eq!(
        store.list(Bucket::Inbox, "reports/").await.unwrap().len(),
        1
    );
}

#[tokio::test]
async fn an_upload_marked_force_lifts_the_deletion_guard() {
    let (store, _dir) = local_store();
    let db = idf_database().await;
    let options = ImportOptions::default();
    let files = dataset("sample_rspec", "all");
    drop_pair_by_hand(&store, &files).await;
    let misc_sample = sample_event("s3-put-misc-installations.json");
    let Handled::Imported(refused) = handled(&store, db.pool(), &options, &misc_sample).await
    else {
        panic!("imported")
    };
    assert_eq!(refused.outcome, Outcome::Refused, "{}", refused.summary());

    store
        .put(
            Bucket::Misc,
            &files[0].0,
            Bytes::from(files[0].1.clone()),
            PutOptions::default().with_metadata("force", "true"),
        )
        .await
        .unwrap();
    let Handled::Imported(forced) = handled(&store, db.pool(), &options, &misc_sample).await else {
        panic!("imported")
    };
    assert_eq!(forced.outcome, Outcome::Imported, "{}", forced.summary());
    assert_eq!(count(&db, "installations").await, 3);
}

/// The S3 + SQS configuration of a test on moto, with fresh buckets and a queue notified of
/// what lands in the inbox and misc buckets.
async fn cloud() -> (S3ObjectStore, SqsQueue, CloudConfig) {
    let (store, config) = testing::s3_store().await;
    let queue = testing::notification_queue(&store, &config, &[Bucket::Inbox, Bucket::Misc]).await;
    (store, queue, config)
}

#[tokio::test]
async fn on_s3_the_extracts_flow_through_notifications_into_the_database() {
    let (store, queue, config) = cloud().await;
    let db = TestDatabase::new().await;
    let options = ImportOptions::default();
    for extract in [ETABLISSEMENTS, RUBRIQUES] {
        put_extract(&store, &extract, raw(extract.name)).await;
    }
    let mut outcomes = Vec::new();
    // Each handled event may put objects that notify again: follow the chain to its end.
    loop {
        let events = testing::delivered(&queue, &config.buckets).await;
        if events.is_empty() {
            break;
        }
        for event in events {
            outcomes.push(handled(&store, db.pool(), &options, &event).await);
        }
    }
    assert!(
        outcomes
            .iter()
            .any(|o| matches!(o, Handled::Prepared(r) if r.succeeded())),
        "{outcomes:?}"
    );
    assert!(
        outcomes
            .iter()
            .any(|o| matches!(o, Handled::Imported(r) if r.outcome == Outcome::Imported)),
        "{outcomes:?}"
    );
    assert_eq!(
        count(&db, "installations").await,
        expected_installation_count()
    );
}

fn outcome(handled: &Handled) -> Option<Outcome> {
    match handled {
        Handled::Imported(report) => Some(report.outcome),
        _ => None,
    }
}

/// Two versions of the installations put one after the other; the import of the older one's
/// event started first (it had listed the bucket) but waits for a connection, held by its
/// instance, while the newer version lands and its event is handled. The older event then finds
/// the newer files, already imported.
async fn the_newest_files_win_whatever_the_order_events_are_handled_in(store: &dyn ObjectStore) {
    let db = TestDatabase::new().await;
    let options = ImportOptions::default();
    let older = dataset("idf", "all");
    let newer = with_field(&icpe("installations_idf.csv"), 2, "name", "RENOMMÉE");
    drop_pair_by_hand(store, &older).await;
    let slow_instance = db
        .config()
        .clone()
        .with_default_pool_size(1)
        .pool()
        .unwrap();
    let busy = slow_instance.get().await.unwrap();
    let (older_handled, newer_handled) = tokio::join!(
        handle_misc_event(store, &slow_instance, &options, "installations_all.csv"),
        async {
            while slow_instance.status().waiting == 0 {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            drop_by_hand(store, "installations_all.csv", newer.as_bytes()).await;
            let newer_handled =
                handle_misc_event(store, db.pool(), &options, "installations_all.csv").await;
            drop(busy);
            newer_handled
        }
    );
    assert_eq!(
        outcome(&newer_handled),
        Some(Outcome::Imported),
        "{newer_handled:?}"
    );
    assert_eq!(
        outcome(&older_handled),
        Some(Outcome::Unchanged),
        "{older_handled:?}"
    );
    assert_eq!(
        table(&db, INSTALLATIONS).await,
        expected_installations(&newer)
    );
}

#[tokio::test]
async fn the_newest_files_win_on_the_local_store() {
    let (store, _dir) = local_store();
    the_newest_files_win_whatever_the_order_events_are_handled_in(&store).await;
}

#[tokio::test]
async fn the_newest_files_win_on_s3() {
    let (store, _, _) = cloud().await;
    the_newest_files_win_whatever_the_order_events_are_handled_in(&store).await;
}

/// An editor's pair dropped by hand imports as before; a transform run's pair, whose
/// classements land first, is imported once both are there, never mixed with the editor's.
async fn a_transform_runs_pair_is_imported_once_as_a_pair(store: &dyn ObjectStore) {
    let db = TestDatabase::new().await;
    // The transform's files (the IDF) replace the editor's three installations: the deletion
    // guard is not the subject.
    let options = ImportOptions {
        max_deleted_share: 1.0,
        ..ImportOptions::default()
    };
    let by_hand = dataset("sample_rspec", "all");
    drop_pair_by_hand(store, &by_hand).await;
    let imported = handle_misc_event(store, db.pool(), &options, "installations_all.csv").await;
    assert_eq!(outcome(&imported), Some(Outcome::Imported), "{imported:?}");

    // A transform run on a bucket of its own gives the objects it writes, as they land.
    let (transform, _dir) = local_store();
    put_extract(&transform, &ETABLISSEMENTS, raw(ETABLISSEMENTS.name)).await;
    let prepared = put_extract_and_handle(&transform, &db, &options, &RUBRIQUES).await;
    assert!(
        matches!(prepared, Handled::Prepared(ref r) if r.succeeded()),
        "{prepared:?}"
    );
    let written = |key: &'static str| {
        let transform = &transform;
        async move { transform.get(Bucket::Misc, key).await.unwrap() }
    };
    let (classements, installations) = (
        written("classements_all.csv").await,
        written("installations_all.csv").await,
    );
    let run = classements.head.metadata[RUN_METADATA].clone();
    assert_eq!(installations.head.metadata[RUN_METADATA], run);
    let land = |key: &'static str, object: Object| async move {
        let options = PutOptions {
            content_type: object.head.content_type,
            metadata: object.head.metadata,
        };
        store
            .put(Bucket::Misc, key, object.body, options)
            .await
            .unwrap();
    };

    land("classements_all.csv", classements).await;
    let before = db.checksum().await;
    let waiting = handle_misc_event(store, db.pool(), &options, "classements_all.csv").await;
    let Handled::Waiting(why) = waiting else {
        panic!("the run's classements wait for its installations: {waiting:?}")
    };
    assert_eq!(
        why,
        format!(
            "classements_all.csv (transform run {run}) waits for the installations_all.csv of \
             the same run"
        )
    );
    assert_eq!(db.checksum().await, before, "nothing imported meanwhile");

    land("installations_all.csv", installations).await;
    let imported = handle_misc_event(store, db.pool(), &options, "installations_all.csv").await;
    assert_eq!(outcome(&imported), Some(Outcome::Imported), "{imported:?}");
    // The classements' event, delivered again: the pair is already imported.
    let again = handle_misc_event(store, db.pool(), &options, "classements_all.csv").await;
    assert_eq!(outcome(&again), Some(Outcome::Unchanged), "{again:?}");
    let expected = String::from_utf8(raw("expected_installations.csv").to_vec()).unwrap();
    assert_eq!(
        table(&db, INSTALLATIONS).await,
        expected_installations(&expected)
    );
}

#[tokio::test]
async fn a_transform_runs_pair_is_imported_once_as_a_pair_on_the_local_store() {
    let (store, _dir) = local_store();
    a_transform_runs_pair_is_imported_once_as_a_pair(&store).await;
}

#[tokio::test]
async fn a_transform_runs_pair_is_imported_once_as_a_pair_on_s3() {
    let (store, _, _) = cloud().await;
    a_transform_runs_pair_is_imported_once_as_a_pair(&store).await;
}
