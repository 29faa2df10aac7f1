//! `envinorma serve web`: the web function alone, as the Lambda runs it, over HTTP: the database
//! of `DATABASE_URL` as it is (no migration, no data loaded), little logging. Nothing slow
//! happens before listening (the pool connects on the first request), so it starts in
//! milliseconds.

use crate::server::{Shutdown, bind, bo_config, serve, web_config, web_pool};
use anyhow::Context;
use envinorma_back_office::BoState;
use envinorma_cloud::{CloudConfig, LocalObjectStore, ObjectStore, S3ObjectStore};
use envinorma_db::DbConfig;
use envinorma_web::AppState;
use std::sync::Arc;

/// A folder of local buckets (`<folder>/ap/<key>`…) to read instead of S3.
pub const LOCAL_BUCKETS_VAR: &str = "ENVINORMA_LOCAL_BUCKETS";

#[derive(clap::Subcommand)]
pub enum Serve {
    /// The web app, against the database of DATABASE_URL; AP PDFs from
    /// $ENVINORMA_LOCAL_BUCKETS when set, else from S3 (ENVINORMA_BUCKET_*, AWS_*).
    Web {
        /// Port on 127.0.0.1.
        #[arg(long, default_value_t = 3000)]
        port: u16,
    },
    /// The back-office, against the database of DATABASE_URL; it publishes to
    /// $ENVINORMA_LOCAL_BUCKETS when set, else to S3.
    BackOffice {
        /// Port on 127.0.0.1.
        #[arg(long, default_value_t = 3001)]
        port: u16,
    },
}

pub async fn run(command: &Serve) -> anyhow::Result<()> {
    let shutdown = Shutdown::listen()?;
    let pool = web_pool(DbConfig::from_env()?)?;
    let (port, app) = match *command {
        Serve::Web { port } => {
            let config = web_config(port, |name| std::env::var(name).ok())?;
            (
                port,
                envinorma_web::router(AppState::new(config, pool, store().await?)),
            )
        }
        Serve::BackOffice { port } => {
            let config = bo_config(port, |name| std::env::var(name).ok())?;
            (
                port,
                envinorma_back_office::router(BoState::new(config, pool, store().await?)),
            )
        }
    };
    serve(bind(port).await?, app, shutdown).await
}

/// The buckets of $ENVINORMA_LOCAL_BUCKETS, else S3.
pub async fn store() -> anyhow::Result<Arc<dyn ObjectStore>> {
    if let Some(root) = std::env::var_os(LOCAL_BUCKETS_VAR) {
        return Ok(Arc::new(LocalObjectStore::new(root)));
    }
    let cloud = CloudConfig::from_env()
        .with_context(|| format!("S3 settings (or set {LOCAL_BUCKETS_VAR} to a local folder)"))?;
    Ok(Arc::new(S3ObjectStore::from_config(&cloud).await))
}
