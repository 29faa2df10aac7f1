//! The Lambda entry point: configuration from the environment, then the router.

use envinorma_back_office::{BoState, Config, router};
use envinorma_cloud::{CloudConfig, S3ObjectStore};
use envinorma_db::DbConfig;
use std::sync::Arc;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    envinorma_observe::logs::init();
    let config = Config::from_lookup(|name| std::env::var(name).ok())?;
    let cloud = CloudConfig::from_env()?;
    let store = Arc::new(S3ObjectStore::from_config(&cloud).await);
    let pool = DbConfig::from_env()?.pool()?;
    lambda_http::run(router(BoState::new(config, pool, store))).await
}
