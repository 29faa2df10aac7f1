//! The function as Lambda runs it (see `envinorma_lambda`): settings from the environment.

use crate::{ApOcr, Outcome};
use envinorma_cloud::Message;
use envinorma_lambda::{Error, MessageFunction, Ports, Told};

/// The ap-ocr function.
pub struct ApOcrFunction(ApOcr);

#[async_trait::async_trait]
impl MessageFunction for ApOcrFunction {
    const NAME: &'static str = "ap-ocr";

    fn from_env() -> Result<ApOcrFunction, Error> {
        Ok(ApOcrFunction(ApOcr::from_lookup(|name| {
            std::env::var(name).ok()
        })?))
    }

    /// Counted, not summed up: a document at a time would flood Slack.
    async fn handle(&self, ports: &Ports, message: &Message) -> Result<Told, Error> {
        let outcome = self
            .0
            .handle(&ports.store, &ports.pool, &message.body)
            .await?;
        Ok(match outcome {
            Outcome::Ocred { pages, .. } => Told::default().count("PagesOcred", pages as u64),
            Outcome::PassedThrough { pages, .. } => {
                Told::default().count("PagesPassedThrough", pages as u64)
            }
            Outcome::Refused(_) => Told::default().count("DocumentsFailed", 1),
            Outcome::AlreadyDone(_) => Told::default(),
        })
    }
}
