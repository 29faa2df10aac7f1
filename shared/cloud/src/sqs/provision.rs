//! Creating queues, which infra does in the cloud: for tests and emulators.

use std::collections::HashMap;

use aws_sdk_sqs::types::QueueAttributeName;

use super::whole_seconds;
use crate::aws::sdk_error;
use crate::{CloudError, QueueSettings, SqsQueue};

/// Where messages go after too many receptions (an SQS redrive policy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redrive {
    /// ARN of the dead-letter queue.
    pub dead_letter_arn: String,
    /// Receptions before a message moves there.
    pub max_receive_count: u32,
}

impl SqsQueue {
    /// Creates (or opens, if it exists with the same attributes) the queue `name` with the
    /// visibility timeout of `settings` and an optional redrive policy. `settings.max_receive_count`
    /// is ignored: SQS needs a dead-letter queue for it, given by `redrive`.
    pub async fn create(
        client: aws_sdk_sqs::Client,
        name: &str,
        settings: &QueueSettings,
        redrive: Option<&Redrive>,
    ) -> Result<SqsQueue, CloudError> {
        let error = |source| CloudError::Queue {
            operation: "create_queue",
            queue: name.to_owned(),
            source,
        };
        let mut attributes = HashMap::from([(
            QueueAttributeName::VisibilityTimeout,
            whole_seconds(settings.visibility_timeout).to_string(),
        )]);
        if let Some(redrive) = redrive {
            let policy = serde_json::json!({
                "deadLetterTargetArn": redrive.dead_letter_arn,
                "maxReceiveCount": redrive.max_receive_count,
            });
            attributes.insert(QueueAttributeName::RedrivePolicy, policy.to_string());
        }
        let output = client
            .create_queue()
            .queue_name(name)
            .set_attributes(Some(attributes))
            .send()
            .await
            .map_err(|failure| error(sdk_error(&failure)))?;
        let url = output
            .queue_url()
            .ok_or_else(|| error("no queue URL in the answer".into()))?
            .to_owned();
        Ok(SqsQueue::new(client, url))
    }

    /// The queue ARN, needed by bucket notifications and redrive policies.
    pub async fn arn(&self) -> Result<String, CloudError> {
        let output = self
            .client
            .get_queue_attributes()
            .queue_url(&self.url)
            .attribute_names(QueueAttributeName::QueueArn)
            .send()
            .await
            .map_err(|error| self.error("get_queue_attributes", sdk_error(&error)))?;
        output
            .attributes()
            .and_then(|attributes| attributes.get(&QueueAttributeName::QueueArn))
            .cloned()
            .ok_or_else(|| self.error("get_queue_attributes", "no QueueArn in the answer".into()))
    }

    /// Deletes the queue (test clean-up).
    pub async fn delete_queue(&self) -> Result<(), CloudError> {
        self.client
            .delete_queue()
            .queue_url(&self.url)
            .send()
            .await
            .map_err(|error| self.error("delete_queue", sdk_error(&error)))?;
        Ok(())
    }
}
