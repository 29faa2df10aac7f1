//! The function as Lambda runs it (see `envinorma_lambda`): the dataset its triggers import.

use crate::prepared::ImportOptions;
use envinorma_cloud::ObjectEvent;
use envinorma_lambda::{Error, ObjectFunction, Ports};

/// The icpe-import function.
pub struct IcpeImport {
    options: ImportOptions,
}

#[async_trait::async_trait]
impl ObjectFunction for IcpeImport {
    fn from_env() -> Result<IcpeImport, Error> {
        Ok(IcpeImport {
            options: ImportOptions::from_env()?,
        })
    }

    async fn handle(&self, ports: &Ports, event: &ObjectEvent) -> Result<(), Error> {
        crate::handle(&ports.store, &ports.pool, &self.options, event).await?;
        Ok(())
    }
}
