//! The Lambda entry point: configuration from the environment, then the router.

use envinorma_web::{AppState, Config, router};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    lambda_http::tracing::init_default_subscriber();
    let config = Config::from_env()?;
    lambda_http::run(router(AppState::new(config))).await
}
