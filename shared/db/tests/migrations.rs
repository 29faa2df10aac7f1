//! Migrations apply once, in order, under a lock, and refuse an edited history.

use envinorma_db::testing::{TestDatabase, count};
use envinorma_db::{DbError, MIGRATIONS, migrate};

#[tokio::test]
async fn a_bare_database_gets_every_migration_and_a_second_run_applies_none() {
    let db = TestDatabase::bare().await;
    let mut client = db.config().connect().await.unwrap();
    let first = migrate(&mut client).await.unwrap();
    assert_eq!(
        first.applied,
        MIGRATIONS.iter().map(|m| m.version).collect::<Vec<_>>()
    );
    let second = migrate(&mut client).await.unwrap();
    assert!(
        second.applied.is_empty() && second.unknown.is_empty(),
        "{second:?}"
    );
}

#[tokio::test]
async fn processes_starting_at_once_apply_each_migration_once() {
    let db = TestDatabase::bare().await;
    let runs = (0..4).map(|_| {
        let config = db.config().clone();
        tokio::spawn(async move {
            let mut client = config.connect().await.unwrap();
            migrate(&mut client).await.unwrap().applied.len()
        })
    });
    let applied: Vec<usize> = futures::future::join_all(runs)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        applied.iter().sum::<usize>(),
        MIGRATIONS.len(),
        "{applied:?}"
    );
    let client = db.client().await;
    let rows: i64 = count(&client, "SELECT count(*) FROM schema_migrations").await;
    assert_eq!(rows, MIGRATIONS.len() as i64);
}

#[tokio::test]
async fn an_applied_migration_that_was_edited_stops_the_run() {
    let db = TestDatabase::new().await;
    let mut client = db.config().connect().await.unwrap();
    client
        .execute(
            "UPDATE schema_migrations SET sha256 = repeat('0', 64) WHERE version = 3",
            &[],
        )
        .await
        .unwrap();
    let error = migrate(&mut client).await.unwrap_err();
    assert!(
        matches!(error, DbError::MigrationChanged { version: 3, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("0003_classements"), "{error}");
}

#[tokio::test]
async fn migrations_from_a_newer_binary_are_reported_and_left_alone() {
    let db = TestDatabase::new().await;
    let mut client = db.config().connect().await.unwrap();
    client
        .execute(
            "INSERT INTO schema_migrations (version, name, sha256) VALUES (9999, 'future', repeat('a', 64))",
            &[],
        )
        .await
        .unwrap();
    let report = migrate(&mut client).await.unwrap();
    assert_eq!((report.applied, report.unknown), (vec![], vec![9999]));
}
