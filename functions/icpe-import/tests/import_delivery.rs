//! At-least-once delivery, concurrent runs, the deletion guard, and which files feed the database.

mod common;

use common::*;
use envinorma_db::testing::TestDatabase;
use envinorma_icpe_import::prepared::{ImportReport, Outcome};

/// The IDF set without its first `n` installations (and their classements and APs).
fn idf_without_first(n: usize) -> Files {
    let installations = rows(&icpe("installations_idf.csv"));
    let removed: Vec<String> = installations[1..=n].iter().map(|r| r[0].clone()).collect();
    let keep = |file: &str| {
        let kept: Vec<Vec<String>> = rows(&icpe(file))
            .into_iter()
            .filter(|r| !removed.contains(&r[0]))
            .collect();
        csv_text(&kept).into_bytes()
    };
    vec![
        (
            "installations_all.csv".into(),
            keep("installations_idf.csv"),
        ),
        ("classements_all.csv".into(), keep("classements_idf.csv")),
        ("aps_all.csv".into(), keep("aps_idf.csv")),
    ]
}

/// An import on a task of its own, as two Lambda instances would run it.
fn spawn_import(db: &TestDatabase, files: &Files) -> tokio::task::JoinHandle<ImportReport> {
    let (pool, files) = (db.pool().clone(), files.clone());
    tokio::spawn(async move { import(&pool, &files, &options("all")).await })
}

async fn public_installations(db: &TestDatabase) -> i64 {
    count(
        db,
        "SELECT count(*) FROM installations WHERE user_id IS NULL",
    )
    .await
}

#[tokio::test]
async fn the_same_files_delivered_twice_change_nothing_the_second_time() {
    let db = idf_database().await;
    let before = db.checksum().await;
    let report = import(db.pool(), &dataset("idf", "all"), &options("all")).await;
    assert_eq!(report.outcome, Outcome::Unchanged, "{}", report.summary());
    assert_eq!(report.tables[0].unchanged, 2164);
    assert_eq!(db.checksum().await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_deliveries_at_once_import_once_and_end_as_one_import() {
    let db = TestDatabase::new().await;
    let files = dataset("idf", "all");
    let (first, second) = tokio::join!(spawn_import(&db, &files), spawn_import(&db, &files));
    let mut outcomes = [first.unwrap().outcome, second.unwrap().outcome];
    outcomes.sort_by_key(|o| format!("{o:?}"));
    assert_eq!(outcomes, [Outcome::Imported, Outcome::Unchanged]);
    assert_tables_hold(&db, &files).await;
}

#[tokio::test]
async fn removing_more_than_a_fifth_of_the_installations_is_refused_unless_forced() {
    let db = idf_database().await;
    let before = db.checksum().await;
    let truncated = idf_without_first(2164 / 4);
    let report = import(db.pool(), &truncated, &options("all")).await;
    assert_eq!(report.outcome, Outcome::Refused, "{}", report.summary());
    let reason = report.reason.clone().unwrap_or_default();
    assert!(
        reason.contains("541 of the 2164") && reason.contains("force"),
        "{reason}"
    );
    assert_eq!(db.checksum().await, before);

    let report = import(db.pool(), &truncated, &options("all").forced()).await;
    assert_eq!(report.outcome, Outcome::Imported, "{}", report.summary());
    assert!(
        report.forced && report.warnings.iter().any(|w| w.contains("forced")),
        "{:?}",
        report.warnings
    );
    assert_eq!(public_installations(&db).await, 2164 - 541);
}

#[tokio::test]
async fn removing_just_under_a_fifth_needs_no_force() {
    let db = idf_database().await;
    let report = import(db.pool(), &idf_without_first(432), &options("all")).await;
    assert_eq!(report.outcome, Outcome::Imported, "{}", report.summary());
    assert_eq!(public_installations(&db).await, 2164 - 432);
}

#[tokio::test]
async fn an_aps_file_alone_replaces_only_the_aps() {
    let db = idf_database().await;
    let others = "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM (
        SELECT i.*, c.* FROM installations i LEFT JOIN classements c ON c.installation_id = i.id) t";
    let before = table(&db, others).await;
    let aps: Vec<Vec<String>> = rows(&icpe("aps_idf.csv")).into_iter().take(101).collect();
    let aps = with_field(&csv_text(&aps), 2, "ocr_status", "ERROR");
    let report = import(
        db.pool(),
        &vec![("aps_all.csv".into(), aps.clone().into_bytes())],
        &options("all"),
    )
    .await;
    assert_eq!(report.outcome, Outcome::Imported, "{}", report.summary());
    let aps_report = &report.tables[0];
    assert_eq!(
        (aps_report.updated, aps_report.deleted, aps_report.unchanged),
        (1, 3693 - 100, 99)
    );
    assert_eq!(table(&db, APS).await, expected_aps(&aps));
    assert_eq!(table(&db, others).await, before);
}

#[tokio::test]
async fn files_of_another_dataset_than_the_triggers_are_imported_when_named() {
    let db = TestDatabase::new().await;
    let files = dataset("idf", "idf");
    let report = import(db.pool(), &files, &options("all")).await;
    assert_eq!(report.outcome, Outcome::Imported, "{}", report.summary());
    assert_eq!(report.dataset.as_deref(), Some("idf"));
    assert_eq!(
        table(&db, INSTALLATIONS).await,
        expected_installations(&icpe("installations_idf.csv"))
    );
}

#[tokio::test]
async fn an_analyze_failing_after_the_commit_is_a_warning_of_the_imported_report() {
    let db = TestDatabase::new().await;
    // ANALYZE waits for the lock of a table being analysed or vacuumed elsewhere; with a lock
    // timeout, it then fails, after the import's commit (whose writes need no such lock).
    let vacuum = db.client().await;
    let timeout = format!("ALTER DATABASE {} SET lock_timeout = '300ms'", db.name());
    vacuum.batch_execute(&timeout).await.unwrap();
    vacuum
        .batch_execute("BEGIN; LOCK TABLE classement_references IN SHARE UPDATE EXCLUSIVE MODE")
        .await
        .unwrap();
    // A pool of its own, whose connections open after the setting.
    let pool = db.config().pool().unwrap();
    let report = import(&pool, &dataset("idf", "all"), &options("all")).await;
    vacuum.batch_execute("ROLLBACK").await.unwrap();
    assert_eq!(report.outcome, Outcome::Imported, "{}", report.summary());
    assert_eq!(
        report.warnings,
        [
            "imported, but ANALYZE of the tables failed (ERROR: canceling statement due to \
             lock timeout): searches may be slow until autovacuum analyses them"
        ]
    );
    assert_eq!(
        table(&db, INSTALLATIONS).await,
        expected_installations(&icpe("installations_idf.csv"))
    );
    let again = import(db.pool(), &dataset("idf", "all"), &options("all")).await;
    assert_eq!(again.outcome, Outcome::Unchanged, "{}", again.summary());
}

#[tokio::test]
async fn installations_and_classements_without_aps_keep_the_aps_of_kept_installations() {
    let db = idf_database().await;
    let files: Files = idf_without_first(1).into_iter().take(2).collect();
    let report = import(db.pool(), &files, &options("all")).await;
    assert_eq!(report.outcome, Outcome::Imported, "{}", report.summary());
    assert!(
        report.warnings.iter().any(|w| w.contains("no APs file")),
        "{:?}",
        report.warnings
    );
    // The first installation (0038.02068) had no AP: every AP is kept.
    assert_eq!(count(&db, "SELECT count(*) FROM aps").await, 3693);
}
