//! The function as Lambda runs it (see `envinorma_lambda`): no settings of its own.

use envinorma_cloud::ObjectEvent;
use envinorma_lambda::{Error, ObjectFunction, Ports};

/// The am-import function.
pub struct AmImport;

#[async_trait::async_trait]
impl ObjectFunction for AmImport {
    fn from_env() -> Result<AmImport, Error> {
        Ok(AmImport)
    }

    async fn handle(&self, ports: &Ports, event: &ObjectEvent) -> Result<(), Error> {
        crate::handle(&ports.store, &ports.pool, event).await?;
        Ok(())
    }
}
