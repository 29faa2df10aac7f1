//! The function as Lambda runs it (see `envinorma_lambda`): settings from the environment.

use crate::ApOcr;
use envinorma_cloud::Message;
use envinorma_lambda::{Error, MessageFunction, Ports};

/// The ap-ocr function.
pub struct ApOcrFunction(ApOcr);

#[async_trait::async_trait]
impl MessageFunction for ApOcrFunction {
    fn from_env() -> Result<ApOcrFunction, Error> {
        Ok(ApOcrFunction(ApOcr::from_lookup(|name| {
            std::env::var(name).ok()
        })?))
    }

    async fn handle(&self, ports: &Ports, message: &Message) -> Result<(), Error> {
        self.0
            .handle(&ports.store, &ports.pool, &message.body)
            .await?;
        Ok(())
    }
}
