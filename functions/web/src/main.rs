//! The Lambda entry point: configuration from the environment, then the router.
//!
//! No migration here (the import functions apply them): a cold start only builds clients, and
//! the first database connection is opened by the first request that needs one.

use envinorma_cloud::{CloudConfig, S3ObjectStore};
use envinorma_db::DbConfig;
use envinorma_web::{AppState, Config, router};
use std::sync::Arc;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    envinorma_observe::logs::init();
    let config = Config::from_env()?;
    let cloud = CloudConfig::from_env()?;
    let store = Arc::new(S3ObjectStore::from_config(&cloud).await);
    let pool = DbConfig::from_env()?.pool()?;
    lambda_http::run(router(AppState::new(config, pool, store))).await
}
