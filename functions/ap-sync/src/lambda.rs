//! The function as Lambda runs it (see `envinorma_lambda`), on its daily schedule.

use crate::{ApSync, DumpSource, Ports as SyncPorts};
use envinorma_cloud::{CloudConfig, SqsQueue};
use envinorma_lambda::{Error, Ports, ScheduledFunction, Told};

/// The queue of the OCR jobs (ap-ocr's trigger).
pub const QUEUE_URL_VAR: &str = "ENVINORMA_OCR_QUEUE_URL";

/// The ap-sync function: its settings and the OCR queue.
pub struct ApSyncFunction {
    sync: ApSync,
    queue: SqsQueue,
}

#[async_trait::async_trait]
impl ScheduledFunction for ApSyncFunction {
    const NAME: &'static str = "ap-sync";

    async fn from_env(cloud: &CloudConfig) -> Result<ApSyncFunction, Error> {
        let url = std::env::var(QUEUE_URL_VAR)
            .map_err(|_| format!("{QUEUE_URL_VAR} is not set: the URL of the OCR queue"))?;
        Ok(ApSyncFunction {
            sync: ApSync::from_lookup(|name| std::env::var(name).ok())?,
            queue: SqsQueue::from_settings(&cloud.aws, url).await,
        })
    }

    /// Its summary goes to Slack from the run itself, which the command line shares.
    async fn run(&self, ports: &Ports) -> Result<Told, Error> {
        let ports = SyncPorts {
            store: &ports.store,
            pool: &ports.pool,
            queue: &self.queue,
        };
        let summary = self.sync.run(&ports, DumpSource::Configured).await?;
        Ok(Told::default()
            .count("Aps", summary.aps as u64)
            .count("DocumentsOcred", summary.newly_ocred as u64)
            .count("DocumentsFailed", summary.new_errors as u64))
    }
}
