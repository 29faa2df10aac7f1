//! The function as Lambda runs it (see `envinorma_lambda`): no settings of its own.

use envinorma_cloud::ObjectEvent;
use envinorma_lambda::{Error, ObjectFunction, Ports, Told};

/// The am-import function.
pub struct AmImport;

#[async_trait::async_trait]
impl ObjectFunction for AmImport {
    const NAME: &'static str = "am-import";

    fn from_env() -> Result<AmImport, Error> {
        Ok(AmImport)
    }

    async fn handle(&self, ports: &Ports, event: &ObjectEvent) -> Result<Told, Error> {
        let report = crate::handle(&ports.store, &ports.pool, event).await?;
        Ok(report.map_or_else(Told::default, |report| {
            let ams = if report.succeeded() {
                report.read as u64
            } else {
                0
            };
            Told::summary(report.summary()).count("AmsImported", ams)
        }))
    }
}
