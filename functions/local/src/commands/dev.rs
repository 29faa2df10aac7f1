//! `envinorma dev`: the product on this machine. PostgreSQL from DATABASE_URL or a private
//! cluster, the migrations, the demo data through the real import functions, then the web app,
//! until Ctrl-C.

use crate::commands::serve::LOCAL_BUCKETS_VAR;
use crate::demo;
use crate::private_postgres::PrivateCluster;
use crate::server::{Shutdown, bind, serve, web_config, web_pool};
use anyhow::Context;
use envinorma_cloud::LocalObjectStore;
use envinorma_db::{ConfigError, DbConfig};
use envinorma_web::AppState;
use envinorma_web::config::ENV_VAR;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Overrides the folder of the local state (buckets, private cluster), `.envinorma` of the
/// source tree by default.
const DEV_DIR_VAR: &str = "ENVINORMA_DEV_DIR";

#[derive(clap::Args)]
pub struct Args {
    /// Port of the web app on 127.0.0.1.
    #[arg(long, default_value_t = 3000)]
    port: u16,
    /// Serve the database as it is, without loading the demo data.
    #[arg(long)]
    no_demo: bool,
}

pub async fn run(args: &Args) -> anyhow::Result<()> {
    let shutdown = Shutdown::listen()?;
    let dir = dev_dir();
    // Declared before anything that uses it: dropped last, it stops the private server on
    // every way out, errors included.
    let mut cluster = None;
    let db = match DbConfig::from_env() {
        Ok(db) => {
            println!("database: {} of DATABASE_URL", db.dbname());
            db
        }
        Err(ConfigError::MissingUrl) => {
            let started = cluster.insert(PrivateCluster::start(&dir.join("pg"))?);
            println!("database: {}", started.url());
            started.database().await?
        }
        Err(error) => return Err(error.into()),
    };
    let mut client = db
        .connect()
        .await
        .context("cannot connect to the database")?;
    envinorma_db::migrate(&mut client)
        .await
        .context("cannot migrate the database")?;
    let pool = web_pool(db)?;
    let buckets = std::env::var_os(LOCAL_BUCKETS_VAR)
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.join("buckets"));
    let store = Arc::new(LocalObjectStore::new(buckets));
    if !args.no_demo {
        demo::load(&store, &pool, &source_tree().join("demo"))
            .await
            .context("cannot load the demo data (--no-demo serves the database as it is)")?;
    }
    let config = web_config(args.port, |name| match name {
        ENV_VAR => Some("local".into()),
        _ => std::env::var(name).ok(),
    })?;
    let listener = bind(args.port).await?;
    println!(
        "Envinorma: http://localhost:{} (local buckets in {}; Ctrl-C to stop)",
        args.port,
        store.root().display()
    );
    serve(listener, AppState::new(config, pool, store), shutdown).await
}

/// The workspace this binary was built from: `envinorma dev` is a developer's tool, run from
/// its source tree wherever it is started from.
fn source_tree() -> &'static Path {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    // functions/local → the workspace root.
    crate_dir.ancestors().nth(2).unwrap_or(crate_dir)
}

fn dev_dir() -> PathBuf {
    std::env::var_os(DEV_DIR_VAR)
        .map(PathBuf::from)
        .unwrap_or_else(|| source_tree().join(".envinorma"))
}
