//! `envinorma run FUNCTION`: one run of a scheduled function (ap-sync, purge), here, against
//! DATABASE_URL and the buckets of $ENVINORMA_LOCAL_BUCKETS (else S3).

use crate::ap_pipeline;
use crate::buckets::OcrQueue;
use crate::commands::serve::store;
use anyhow::Context;
use envinorma_ap_sync::DumpSource;
use envinorma_db::DbConfig;
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum Run {
    /// The Géorisques dump → aps_*.csv and documents_all.csv in misc and the APs in the
    /// database, then the OCR of every AP without a result, done here (ENVINORMA_AP_SOURCE_URL:
    /// the documents' site).
    ApSync {
        /// The dump (tar.gz) to read, instead of $ENVINORMA_GEORISQUES_DUMP_URL or the newest
        /// object under inbox/georisques/.
        #[arg(long)]
        dump: Option<PathBuf>,
    },
    /// Deletes the users not seen for three months with their installations and
    /// prescriptions, as the daily function does.
    Purge {
        /// Counts what would be deleted, deletes nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

pub async fn run(command: &Run) -> anyhow::Result<()> {
    let db = DbConfig::from_env()?;
    envinorma_db::migrate(&mut db.connect().await?).await?;
    let pool = db.pool()?;
    let summary = match command {
        Run::ApSync { dump } => {
            let dump = match dump {
                None => DumpSource::Configured,
                Some(path) => DumpSource::Given {
                    name: path.display().to_string(),
                    bytes: std::fs::read(path)
                        .with_context(|| format!("cannot read {}", path.display()))?,
                },
            };
            let store = store().await?;
            let queue = OcrQueue::local();
            let lookup = |name: &str| std::env::var(name).ok();
            let summary = ap_pipeline::sync_and_ocr(&*store, &pool, &queue, dump, lookup).await?;
            serde_json::to_string_pretty(&summary)?
        }
        Run::Purge { dry_run } => {
            serde_json::to_string_pretty(&envinorma_purge::purge(&pool, *dry_run).await?)?
        }
    };
    println!("{summary}");
    Ok(())
}
