//! The per-test databases: independent copies of a template built once.

use envinorma_db::DbConfig;
use envinorma_db::testing::{LoadError, Template, TestDatabase, count};
use futures::future::BoxFuture;

fn load_one_user(config: &DbConfig) -> BoxFuture<'_, Result<(), LoadError>> {
    Box::pin(async move {
        let client = config.connect().await?;
        envinorma_db::users::save(&client, uuid::Uuid::new_v4()).await?;
        Ok(())
    })
}

const ONE_USER: Template = Template {
    key: "harness_one_user_v2",
    load: Some(load_one_user),
};

async fn users(db: &TestDatabase) -> i64 {
    let client = db.client().await;
    count(&client, "SELECT count(*) FROM users").await
}

#[tokio::test]
async fn each_test_database_starts_from_its_template_and_changes_alone() {
    let (first, second) = tokio::join!(
        TestDatabase::from_template(ONE_USER),
        TestDatabase::from_template(ONE_USER)
    );
    assert_ne!(first.name(), second.name());
    envinorma_db::users::save(&first.client().await, uuid::Uuid::new_v4())
        .await
        .unwrap();
    assert_eq!((users(&first).await, users(&second).await), (2, 1));
    assert_eq!(users(&TestDatabase::new().await).await, 0);
}

#[tokio::test]
async fn the_checksum_changes_with_any_row_and_only_then() {
    let db = TestDatabase::new().await;
    let before = db.checksum().await;
    assert_eq!(before, db.checksum().await);
    envinorma_db::users::save(&db.client().await, uuid::Uuid::new_v4())
        .await
        .unwrap();
    assert_ne!(before, db.checksum().await);
}

#[tokio::test]
async fn a_test_database_is_dropped_with_its_value() {
    let name = {
        let db = TestDatabase::new().await;
        db.name().to_string()
    };
    let admin = envinorma_db::testing::server_config()
        .connect()
        .await
        .unwrap();
    let left = admin
        .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&name])
        .await
        .unwrap();
    assert!(left.is_none(), "{name} still exists");
}
