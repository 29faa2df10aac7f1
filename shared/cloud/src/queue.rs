//! The job-queue port: at-least-once delivery with visibility timeout, like SQS.

use std::fmt;
use std::time::Duration;

use async_trait::async_trait;

use crate::CloudError;

/// Proof of one reception of a message, needed to delete it or extend its invisibility.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReceiptHandle(pub String);

impl fmt::Display for ReceiptHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A received message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Stable id of the message across redeliveries.
    pub id: String,
    /// Handle of this reception.
    pub receipt: ReceiptHandle,
    /// The payload (JSON in this project).
    pub body: String,
    /// How many times the message has been received, this reception included
    /// (`ApproximateReceiveCount` on SQS).
    pub receive_count: u32,
}

/// How a queue behaves; used to create local queues, and SQS queues in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueSettings {
    /// How long a received message stays hidden before being delivered again.
    pub visibility_timeout: Duration,
    /// Receptions after which a message goes to the dead letters instead (SQS redrive policy);
    /// `None` keeps it forever.
    pub max_receive_count: Option<u32>,
}

impl Default for QueueSettings {
    /// SQS's defaults: 30 s visibility, no dead-letter queue.
    fn default() -> Self {
        QueueSettings {
            visibility_timeout: Duration::from_secs(30),
            max_receive_count: None,
        }
    }
}

/// A queue of jobs with at-least-once delivery: SQS in the cloud, an in-process queue locally.
#[async_trait]
pub trait JobQueue: Send + Sync {
    /// Enqueues one message and returns its id.
    async fn send(&self, body: &str) -> Result<String, CloudError>;

    /// Enqueues many messages (sent by tens, the SQS limit) and returns their ids in order.
    /// If some fail, [`CloudError::BatchPartlyFailed`] says which; the others are sent.
    async fn send_batch(&self, bodies: &[String]) -> Result<Vec<String>, CloudError>;

    /// Receives up to `max_messages` (1 to 10) visible messages, waiting up to `wait` (at most
    /// 20 s) for the first one; returns an empty list when none came. Received messages are
    /// hidden for the visibility timeout, then delivered again unless deleted.
    async fn receive(&self, max_messages: u8, wait: Duration) -> Result<Vec<Message>, CloudError>;

    /// Acknowledges a message for good; deleting an already deleted message succeeds.
    async fn delete(&self, receipt: &ReceiptHandle) -> Result<(), CloudError>;

    /// Deletes many messages (by tens); [`CloudError::BatchPartlyFailed`] says which failed.
    async fn delete_batch(&self, receipts: &[ReceiptHandle]) -> Result<(), CloudError>;

    /// Hides a message in flight for `timeout` from now (zero makes it visible at once), e.g. to
    /// keep a long OCR job or to retry a failed one sooner.
    async fn change_visibility(
        &self,
        receipt: &ReceiptHandle,
        timeout: Duration,
    ) -> Result<(), CloudError>;
}

/// The SQS limits, applied by every backend so they behave alike.
pub(crate) const MAX_BATCH: usize = 10;
pub(crate) const MAX_WAIT: Duration = Duration::from_secs(20);

pub(crate) fn clamp_max_messages(max_messages: u8) -> u8 {
    max_messages.clamp(1, MAX_BATCH as u8)
}

/// `value` when no entry of a batch failed, else [`CloudError::BatchPartlyFailed`] naming the
/// failed entries: both adapters answer a batch alike.
pub(crate) fn batch_outcome<T>(
    value: T,
    operation: &'static str,
    queue: &str,
    total: usize,
    failures: Vec<(usize, String)>,
) -> Result<T, CloudError> {
    if failures.is_empty() {
        return Ok(value);
    }
    Err(CloudError::BatchPartlyFailed {
        operation,
        queue: queue.to_owned(),
        total,
        failures,
    })
}
