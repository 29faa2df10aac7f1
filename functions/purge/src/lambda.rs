//! The function as Lambda runs it (see `envinorma_lambda`), on its daily schedule.

use envinorma_cloud::CloudConfig;
use envinorma_lambda::{Error, Ports, ScheduledFunction};

/// The purge function: nothing to configure beyond the database.
pub struct PurgeFunction;

#[async_trait::async_trait]
impl ScheduledFunction for PurgeFunction {
    async fn from_env(_cloud: &CloudConfig) -> Result<PurgeFunction, Error> {
        Ok(PurgeFunction)
    }

    async fn run(&self, ports: &Ports) -> Result<(), Error> {
        crate::purge(&ports.pool, false).await?;
        Ok(())
    }
}
