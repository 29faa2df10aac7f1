//! The statement and lock timeouts every connection starts with, and the batch jobs' locks
//! that lift them.

use envinorma_db::lock::AdvisoryLock;
use envinorma_db::testing::TestDatabase;
use envinorma_db::{DbConfig, DbError};

/// The test database with short limits, set as a Lambda's environment would.
fn short_limits(db: &TestDatabase) -> DbConfig {
    DbConfig::from_lookup(|name| match name {
        "DATABASE_URL" => Some(db.url()),
        "DATABASE_STATEMENT_TIMEOUT_MS" => Some("300".into()),
        "DATABASE_LOCK_TIMEOUT_MS" => Some("200".into()),
        _ => None,
    })
    .unwrap()
}

fn server_message(error: &tokio_postgres::Error) -> String {
    error
        .as_db_error()
        .map_or_else(|| error.to_string(), ToString::to_string)
}

#[tokio::test]
async fn a_statement_longer_than_the_statement_timeout_is_cancelled() {
    let db = TestDatabase::new().await;
    let pool = short_limits(&db).pool().unwrap();
    let client = pool.get().await.unwrap();
    let error = client
        .batch_execute("SELECT pg_sleep(2)")
        .await
        .unwrap_err();
    let message = server_message(&error);
    assert!(message.contains("statement timeout"), "{message}");
}

#[tokio::test]
async fn a_lock_waited_for_longer_than_the_lock_timeout_fails() {
    let db = TestDatabase::new().await;
    let config = short_limits(&db);
    let mut holder = config.connect().await.unwrap();
    let holding = holder.transaction().await.unwrap();
    holding.batch_execute("LOCK TABLE users").await.unwrap();
    let waiter = config.connect().await.unwrap();
    let error = waiter
        .batch_execute("SELECT count(*) FROM users")
        .await
        .unwrap_err();
    let message = server_message(&error);
    assert!(message.contains("lock timeout"), "{message}");
}

#[tokio::test]
async fn a_batch_job_under_its_advisory_lock_runs_past_the_timeouts() -> Result<(), DbError> {
    let db = TestDatabase::new().await;
    let config = short_limits(&db);
    let mut client = config.connect().await?;
    let job = client.transaction().await?;
    AdvisoryLock::AmImport.for_transaction(&job).await?;
    job.batch_execute("SELECT pg_sleep(0.5)").await?;
    job.commit().await?;
    // The transaction over, the connection has its limits back.
    let error = client
        .batch_execute("SELECT pg_sleep(0.5)")
        .await
        .unwrap_err();
    assert!(server_message(&error).contains("statement timeout"));

    AdvisoryLock::Migrations.for_session(&client).await?;
    client.batch_execute("SELECT pg_sleep(0.5)").await?;
    AdvisoryLock::Migrations.release(&client).await?;
    let error = client
        .batch_execute("SELECT pg_sleep(0.5)")
        .await
        .unwrap_err();
    assert!(server_message(&error).contains("statement timeout"));
    Ok(())
}
