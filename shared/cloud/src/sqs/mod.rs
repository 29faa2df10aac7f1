//! [`JobQueue`] on Amazon SQS (or moto, LocalStack).

mod provision;

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_sqs::types::{
    DeleteMessageBatchRequestEntry, MessageSystemAttributeName, SendMessageBatchRequestEntry,
};

use crate::aws::sdk_error;
use crate::error::BoxError;
use crate::queue::{MAX_BATCH, MAX_WAIT, batch_outcome, clamp_max_messages};
use crate::{AwsSettings, CloudError, JobQueue, Message, ReceiptHandle};

pub use provision::Redrive;

/// One SQS queue, by URL. Its redrive policy (dead-letter queue) is set by infra.
#[derive(Debug, Clone)]
pub struct SqsQueue {
    client: aws_sdk_sqs::Client,
    url: String,
}

impl SqsQueue {
    /// A queue on an existing client.
    pub fn new(client: aws_sdk_sqs::Client, url: impl Into<String>) -> Self {
        SqsQueue {
            client,
            url: url.into(),
        }
    }

    /// A queue reached with [`AwsSettings`], credentials from the SDK's default chain.
    pub async fn from_settings(settings: &AwsSettings, url: impl Into<String>) -> Self {
        let sdk = crate::aws_config_loader(settings).load().await;
        Self::new(crate::sqs_client(&sdk, settings), url)
    }

    /// The queue URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    fn error(&self, operation: &'static str, source: BoxError) -> CloudError {
        CloudError::Queue {
            operation,
            queue: self.url.clone(),
            source,
        }
    }
}

#[async_trait]
impl JobQueue for SqsQueue {
    async fn send(&self, body: &str) -> Result<String, CloudError> {
        let output = self
            .client
            .send_message()
            .queue_url(&self.url)
            .message_body(body)
            .send()
            .await
            .map_err(|error| self.error("send", sdk_error(&error)))?;
        Ok(output.message_id().unwrap_or_default().to_owned())
    }

    async fn send_batch(&self, bodies: &[String]) -> Result<Vec<String>, CloudError> {
        let mut ids = vec![None; bodies.len()];
        let mut failures = Vec::new();
        for (chunk_index, chunk) in bodies.chunks(MAX_BATCH).enumerate() {
            let offset = chunk_index * MAX_BATCH;
            let entries = chunk
                .iter()
                .enumerate()
                .map(|(index, body)| {
                    SendMessageBatchRequestEntry::builder()
                        .id((offset + index).to_string())
                        .message_body(body)
                        .build()
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(|error| self.error("send_batch", Box::new(error)))?;
            let output = self
                .client
                .send_message_batch()
                .queue_url(&self.url)
                .set_entries(Some(entries))
                .send()
                .await
                .map_err(|error| self.error("send_batch", sdk_error(&error)))?;
            for sent in output.successful() {
                if let Some(slot) = entry_index(sent.id()).and_then(|index| ids.get_mut(index)) {
                    *slot = Some(sent.message_id().to_owned());
                }
            }
            failures.extend(output.failed().iter().filter_map(|failed| {
                let reason = format!("{}: {}", failed.code(), failed.message().unwrap_or(""));
                Some((entry_index(failed.id())?, reason))
            }));
        }
        // An entry SQS neither accepted nor rejected counts as failed, so none goes unnoticed.
        for (index, id) in ids.iter().enumerate() {
            if id.is_none() && !failures.iter().any(|(failed, _)| *failed == index) {
                failures.push((index, "no result from SQS".to_owned()));
            }
        }
        if !failures.is_empty() {
            failures.sort();
            tracing::warn!(queue = %self.url, failed = failures.len(), total = bodies.len(), "batch send partly failed");
        }
        let ids = ids.into_iter().flatten().collect();
        batch_outcome(ids, "send_batch", &self.url, bodies.len(), failures)
    }

    async fn receive(&self, max_messages: u8, wait: Duration) -> Result<Vec<Message>, CloudError> {
        let output = self
            .client
            .receive_message()
            .queue_url(&self.url)
            .max_number_of_messages(i32::from(clamp_max_messages(max_messages)))
            .wait_time_seconds(whole_seconds(wait.min(MAX_WAIT)))
            .message_system_attribute_names(MessageSystemAttributeName::ApproximateReceiveCount)
            .send()
            .await
            .map_err(|error| self.error("receive", sdk_error(&error)))?;
        Ok(output
            .messages()
            .iter()
            .map(|message| Message {
                id: message.message_id().unwrap_or_default().to_owned(),
                receipt: ReceiptHandle(message.receipt_handle().unwrap_or_default().to_owned()),
                body: message.body().unwrap_or_default().to_owned(),
                receive_count: message
                    .attributes()
                    .and_then(|attributes| {
                        attributes.get(&MessageSystemAttributeName::ApproximateReceiveCount)
                    })
                    .and_then(|count| count.parse().ok())
                    .unwrap_or(1),
            })
            .collect())
    }

    async fn delete(&self, receipt: &ReceiptHandle) -> Result<(), CloudError> {
        self.client
            .delete_message()
            .queue_url(&self.url)
            .receipt_handle(&receipt.0)
            .send()
            .await
            .map_err(|error| {
                if error
                    .as_service_error()
                    .is_some_and(|service| service.is_receipt_handle_is_invalid())
                {
                    self.invalid_receipt(receipt)
                } else {
                    self.error("delete", sdk_error(&error))
                }
            })?;
        Ok(())
    }

    async fn delete_batch(&self, receipts: &[ReceiptHandle]) -> Result<(), CloudError> {
        let mut failures = Vec::new();
        for (chunk_index, chunk) in receipts.chunks(MAX_BATCH).enumerate() {
            let offset = chunk_index * MAX_BATCH;
            let entries = chunk
                .iter()
                .enumerate()
                .map(|(index, receipt)| {
                    DeleteMessageBatchRequestEntry::builder()
                        .id((offset + index).to_string())
                        .receipt_handle(&receipt.0)
                        .build()
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(|error| self.error("delete_batch", Box::new(error)))?;
            let output = self
                .client
                .delete_message_batch()
                .queue_url(&self.url)
                .set_entries(Some(entries))
                .send()
                .await
                .map_err(|error| self.error("delete_batch", sdk_error(&error)))?;
            failures.extend(output.failed().iter().filter_map(|failed| {
                let reason = format!("{}: {}", failed.code(), failed.message().unwrap_or(""));
                Some((entry_index(failed.id())?, reason))
            }));
        }
        batch_outcome((), "delete_batch", &self.url, receipts.len(), failures)
    }

    async fn change_visibility(
        &self,
        receipt: &ReceiptHandle,
        timeout: Duration,
    ) -> Result<(), CloudError> {
        self.client
            .change_message_visibility()
            .queue_url(&self.url)
            .receipt_handle(&receipt.0)
            .visibility_timeout(whole_seconds(timeout))
            .send()
            .await
            .map_err(|error| {
                if error.as_service_error().is_some_and(|service| {
                    service.is_receipt_handle_is_invalid() || service.is_message_not_inflight()
                }) {
                    self.invalid_receipt(receipt)
                } else {
                    self.error("change_visibility", sdk_error(&error))
                }
            })?;
        Ok(())
    }
}

impl SqsQueue {
    fn invalid_receipt(&self, receipt: &ReceiptHandle) -> CloudError {
        CloudError::InvalidReceipt {
            queue: self.url.clone(),
            receipt: receipt.0.clone(),
        }
    }
}

/// Batch entry ids are the entries' indexes in the caller's slice.
fn entry_index(id: &str) -> Option<usize> {
    id.parse().ok()
}

/// SQS counts in whole seconds: round up so a message is never visible earlier than asked.
pub(crate) fn whole_seconds(duration: Duration) -> i32 {
    let seconds = duration.as_secs() + u64::from(duration.subsec_nanos() > 0);
    i32::try_from(seconds).unwrap_or(i32::MAX)
}
