//! `envinorma dev`: the product on this machine. PostgreSQL from DATABASE_URL or a private
//! cluster, the migrations, the demo data through the real import functions, then the web app,
//! until Ctrl-C. The buckets are local folders, or an S3/SQS emulator's (`--aws-endpoint`).

use crate::buckets::DevBuckets;
use crate::commands::serve::LOCAL_BUCKETS_VAR;
use crate::demo;
use crate::private_postgres::PrivateCluster;
use crate::server::{Shutdown, bind, bo_config, serve, web_config, web_pool};
use anyhow::Context;
use envinorma_back_office::BoState;
use envinorma_db::{ConfigError, DbConfig};
use envinorma_web::AppState;
use envinorma_web::config::{AP_PDF_ORIGIN_VAR, ENV_VAR};
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
    /// Port of the back-office on 127.0.0.1.
    #[arg(long, default_value_t = 3001)]
    bo_port: u16,
    /// Serve the database as it is, without loading the demo data.
    #[arg(long)]
    no_demo: bool,
    /// Keep the buckets and queues on an S3/SQS emulator at this URL (moto:
    /// http://127.0.0.1:5000, LocalStack: http://127.0.0.1:4566) instead of local folders.
    #[arg(long, value_name = "URL")]
    aws_endpoint: Option<String>,
}

pub async fn run(args: &Args) -> anyhow::Result<()> {
    let shutdown = Shutdown::listen()?;
    let tree = source_tree()?;
    let dir = dev_dir(&tree);
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
    let mut buckets = match &args.aws_endpoint {
        Some(endpoint) => DevBuckets::emulated(endpoint).await?,
        None => DevBuckets::local(
            std::env::var_os(LOCAL_BUCKETS_VAR)
                .map(PathBuf::from)
                .unwrap_or_else(|| dir.join("buckets")),
        ),
    };
    let demo_dir = tree.join("demo");
    if !args.no_demo {
        demo::load(&mut buckets, &pool, &demo_dir)
            .await
            .context("cannot load the demo data (--no-demo serves the database as it is)")?;
    }
    let password = demo::back_office(&pool, &demo_dir, !args.no_demo)
        .await
        .context("cannot prepare the back-office")?;
    let (store, place) = (Arc::clone(&buckets.store), buckets.place.clone());
    // What S3 notifications do in the cloud: a publication of the back-office reaches am-import.
    demo::follow_events(buckets, pool.clone())?;
    // The AP PDFs' links point at the emulator, which the pages' CSP must then allow.
    let pdf_origin = args
        .aws_endpoint
        .as_ref()
        .map(|url| url.trim_end_matches('/').to_owned());
    let local = |name: &str| match name {
        ENV_VAR => Some("local".into()),
        AP_PDF_ORIGIN_VAR if pdf_origin.is_some() => pdf_origin.clone(),
        _ => std::env::var(name).ok(),
    };
    let web = web_config(args.port, local)?;
    let bo = bo_config(args.bo_port, local)?;
    let (listener, bo_listener) = (bind(args.port).await?, bind(args.bo_port).await?);
    let bo_app = envinorma_back_office::router(BoState::new(bo, pool.clone(), store.clone()));
    // Stopped with the process: nothing of the back-office's is left half done by Ctrl-C but
    // a request, which its transaction undoes.
    tokio::spawn(async move { axum::serve(bo_listener, bo_app).await });
    println!(
        "Envinorma: http://localhost:{} (buckets: {place}; Ctrl-C to stop)",
        args.port
    );
    println!(
        "Back-office: http://localhost:{}, editor {} with the password {password}",
        args.bo_port,
        demo::DEMO_EDITOR
    );
    let app = envinorma_web::router(AppState::new(web, pool, store));
    serve(listener, app, shutdown).await
}

/// The source tree `envinorma dev` runs from, a developer's tool: the nearest folder holding
/// `Cargo.lock` above the package `cargo run` ran (`CARGO_MANIFEST_DIR`), else above the
/// current directory. Not the path the binary was built at: the build may come from another
/// checkout sharing the build cache, gone since.
fn source_tree() -> anyhow::Result<PathBuf> {
    let start = match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => std::env::current_dir().context("cannot read the current directory")?,
    };
    let tree = start
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").is_file() && dir.join("demo").is_dir());
    tree.map(Path::to_path_buf).with_context(|| {
        format!(
            "no Envinorma source tree (Cargo.lock and demo/) at or above {}: run `make run`, \
             or `envinorma dev` from inside the repository",
            start.display()
        )
    })
}

fn dev_dir(tree: &Path) -> PathBuf {
    std::env::var_os(DEV_DIR_VAR)
        .map(PathBuf::from)
        .unwrap_or_else(|| tree.join(".envinorma"))
}
