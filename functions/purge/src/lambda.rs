//! The function as Lambda runs it (see `envinorma_lambda`), on its daily schedule.

use envinorma_cloud::CloudConfig;
use envinorma_lambda::{Error, Ports, ScheduledFunction, Told};

/// The purge function: nothing to configure beyond the database.
pub struct PurgeFunction;

#[async_trait::async_trait]
impl ScheduledFunction for PurgeFunction {
    const NAME: &'static str = "purge";

    async fn from_env(_cloud: &CloudConfig) -> Result<PurgeFunction, Error> {
        Ok(PurgeFunction)
    }

    async fn run(&self, ports: &Ports) -> Result<Told, Error> {
        let summary = crate::purge(&ports.pool, false).await?;
        let told = Told::summary(format!(
            "purge: {} users not seen for {} months removed, with {} installations and {} \
             prescriptions, in {} ms",
            summary.users,
            crate::STALE_AFTER_MONTHS,
            summary.installations,
            summary.prescriptions,
            summary.duration_ms
        ));
        Ok(told.count("UsersPurged", summary.users.max(0) as u64))
    }
}
