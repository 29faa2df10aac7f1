//! How every Lambda function of Envinorma starts: JSON logs, its configuration read once from
//! the environment, the database migrated and pooled, then the runtime loop handing it its
//! events. A function crate implements [`ObjectFunction`], [`MessageFunction`] or
//! [`ScheduledFunction`] in its library (so tests and the local runner call the same handler)
//! and its `main.rs` is one call of [`run_on_objects`], [`run_on_messages`] or
//! [`run_on_schedule`].

use async_trait::async_trait;
use aws_lambda_events::event::cloudwatch_events::CloudWatchEvent;
use aws_lambda_events::s3::S3Event;
use aws_lambda_events::sqs::{BatchItemFailure, SqsBatchResponse, SqsEvent, SqsMessage};
use envinorma_cloud::{CloudConfig, JobQueue, Message, ObjectEvent, ReceiptHandle, S3ObjectStore};
use envinorma_db::{DbConfig, Pool};
use envinorma_observe::{Metrics, Slack};
use lambda_runtime::{LambdaEvent, service_fn};
use std::time::Duration;

pub use lambda_runtime::Error;

/// What a function triggered by object events is given: the store of its buckets (real names
/// from the environment) and the database pool.
pub struct Ports {
    pub store: S3ObjectStore,
    pub pool: Pool,
}

/// What a run tells the people who operate the function, besides its logs.
#[derive(Debug, Default)]
pub struct Told {
    /// A summary for the team's Slack channel (`SLACK_WEBHOOK_URL`).
    pub summary: Option<String>,
    /// Counts for the metrics (`RowsImported`…), under the function's name.
    pub counts: Vec<(&'static str, u64)>,
}

impl Told {
    pub fn summary(summary: String) -> Told {
        Told {
            summary: Some(summary),
            counts: Vec::new(),
        }
    }

    pub fn count(mut self, name: &'static str, count: u64) -> Told {
        self.counts.push((name, count));
        self
    }

    async fn tell(self, function: &str, slack: &Slack) {
        if !self.counts.is_empty() {
            let metrics = self
                .counts
                .iter()
                .fold(Metrics::of(function), |metrics, (name, count)| {
                    metrics.count(name, *count)
                });
            metrics.emit();
        }
        if let Some(summary) = &self.summary {
            slack.post(summary).await;
        }
    }
}

/// A function triggered by S3 object events.
#[async_trait]
pub trait ObjectFunction: Sized + Send + Sync {
    /// Its name in the metrics.
    const NAME: &'static str;

    /// Its own settings, read from the environment (through a `from_lookup`).
    fn from_env() -> Result<Self, Error>;

    /// Handles one object event. An error fails the invocation, which Lambda retries: return
    /// one only when a retry may succeed (an input that is wrong is a report, not an error).
    async fn handle(&self, ports: &Ports, event: &ObjectEvent) -> Result<Told, Error>;
}

/// A function triggered by SQS messages, handed one at a time.
#[async_trait]
pub trait MessageFunction: Sized + Send + Sync {
    /// Its name in the metrics.
    const NAME: &'static str;

    /// Its own settings, read from the environment.
    fn from_env() -> Result<Self, Error>;

    /// Handles one message. An error leaves the message in the queue, which delivers it again
    /// after its visibility timeout and, after the redrive policy's count, moves it to the
    /// dead-letter queue: return one only when a retry may succeed.
    async fn handle(&self, ports: &Ports, message: &Message) -> Result<Told, Error>;
}

/// A function run on a schedule (EventBridge), on nothing but the time.
#[async_trait]
pub trait ScheduledFunction: Sized + Send + Sync {
    /// Its name in the metrics.
    const NAME: &'static str;

    /// Its own settings, read from the environment (it may build its clients from `cloud`).
    async fn from_env(cloud: &CloudConfig) -> Result<Self, Error>;

    /// One run. An error fails the invocation, which EventBridge retries.
    async fn run(&self, ports: &Ports) -> Result<Told, Error>;
}

/// The settings, migrations and pool every function starts with: a configuration error stops
/// the cold start with its message.
async fn start() -> Result<(CloudConfig, Ports), Error> {
    envinorma_observe::logs::init();
    let cloud = CloudConfig::from_env()?;
    let db = DbConfig::from_env()?;
    envinorma_db::migrate(&mut db.connect().await?).await?;
    let ports = Ports {
        store: S3ObjectStore::from_config(&cloud).await,
        pool: db.pool()?,
    };
    Ok((cloud, ports))
}

/// Runs `F` in the Lambda runtime on SQS batches, with partial batch responses: the messages
/// that failed are named in the answer and only they come back (the event source mapping must
/// have `ReportBatchItemFailures`).
pub async fn run_on_messages<F: MessageFunction>() -> Result<(), Error> {
    let function = F::from_env()?;
    let (_, ports) = start().await?;
    let slack = Slack::from_env();
    let (function, ports, slack) = (&function, &ports, &slack);
    lambda_runtime::run(service_fn(|event: LambdaEvent<SqsEvent>| async move {
        let mut response = SqsBatchResponse::default();
        for record in &event.payload.records {
            let message = message_of(record);
            match function.handle(ports, &message).await {
                Ok(told) => told.tell(F::NAME, slack).await,
                Err(error) => {
                tracing::error!(message_id = %message.id, receive_count = message.receive_count, "{error}");
                    let mut failure = BatchItemFailure::default();
                    failure.item_identifier = message.id;
                    response.batch_item_failures.push(failure);
                }
            }
        }
        Ok::<SqsBatchResponse, Error>(response)
    }))
    .await
}

/// A record of an SQS event as the queue port receives it.
fn message_of(record: &SqsMessage) -> Message {
    Message {
        id: record.message_id.clone().unwrap_or_default(),
        receipt: ReceiptHandle(record.receipt_handle.clone().unwrap_or_default()),
        body: record.body.clone().unwrap_or_default(),
        receive_count: record
            .attributes
            .get("ApproximateReceiveCount")
            .and_then(|count| count.parse().ok())
            .unwrap_or(1),
    }
}

/// Runs `F` in the Lambda runtime on its schedule's events.
pub async fn run_on_schedule<F: ScheduledFunction>() -> Result<(), Error> {
    let (cloud, ports) = start().await?;
    let function = F::from_env(&cloud).await?;
    let slack = Slack::from_env();
    let (function, ports, slack) = (&function, &ports, &slack);
    lambda_runtime::run(service_fn(|_: LambdaEvent<CloudWatchEvent>| async move {
        function.run(ports).await?.tell(F::NAME, slack).await;
        Ok::<(), Error>(())
    }))
    .await
}

/// What the SQS event source mapping does, where there is none (`envinorma dev`, tests): one
/// batch received from `queue` and handed to `handle` message by message, those handled
/// deleted, the others left to come back after their visibility timeout. Returns how many
/// messages were received.
pub async fn poll_once<E: std::fmt::Display>(
    queue: &dyn JobQueue,
    wait: Duration,
    mut handle: impl AsyncFnMut(&Message) -> Result<(), E>,
) -> Result<usize, envinorma_cloud::CloudError> {
    let messages = queue.receive(10, wait).await?;
    let mut handled = Vec::with_capacity(messages.len());
    for message in &messages {
        match handle(message).await {
            Ok(()) => handled.push(message.receipt.clone()),
            Err(error) => {
                tracing::error!(message_id = %message.id, receive_count = message.receive_count, "{error}")
            }
        }
    }
    if !handled.is_empty() {
        queue.delete_batch(&handled).await?;
    }
    Ok(messages.len())
}

/// Runs `F` in the Lambda runtime: settings, migrations and pool first (a configuration error
/// stops the cold start with its message), then each S3 event's objects handed to it in order.
pub async fn run_on_objects<F: ObjectFunction>() -> Result<(), Error> {
    let function = F::from_env()?;
    let (cloud, ports) = start().await?;
    let slack = Slack::from_env();
    let (function, ports, names, slack) = (&function, &ports, &cloud.buckets, &slack);
    lambda_runtime::run(service_fn(|event: LambdaEvent<S3Event>| async move {
        for object in ObjectEvent::from_s3_event(&event.payload, names)? {
            function
                .handle(ports, &object)
                .await?
                .tell(F::NAME, slack)
                .await;
        }
        Ok::<(), Error>(())
    }))
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(file: &str) -> Vec<u8> {
        let path = envinorma_test_support::repo_path("events").join(file);
        std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
    }

    #[test]
    fn an_sqs_record_becomes_the_queue_ports_message() {
        let event: SqsEvent = serde_json::from_slice(&sample("sqs-ap-ocr-job.json")).unwrap();
        let message = message_of(&event.records[0]);
        assert_eq!(message.id, "059f36b4-87a3-44ab-83d2-661975830a7d");
        assert_eq!(message.receipt.0, "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a");
        assert_eq!(message.receive_count, 2);
        let job: serde_json::Value = serde_json::from_str(&message.body).unwrap();
        assert_eq!(job["georisques_id"], "P/c/b6896c18c4964031a644c67b4618d88c");
    }

    #[test]
    fn the_schedule_events_are_read() {
        for file in ["schedule-ap-sync.json", "schedule-purge.json"] {
            let event: CloudWatchEvent = serde_json::from_slice(&sample(file)).unwrap();
            assert_eq!(
                event.detail_type.as_deref(),
                Some("Scheduled Event"),
                "{file}"
            );
        }
    }
}
