//! The two backends every contract test runs against: local (a temporary directory, an
//! in-process queue) and cloud (S3 and SQS on moto, see scripts/services.sh).

#![allow(dead_code, unused_imports)] // Each test binary uses part of the helpers.

pub mod http;

use std::sync::Arc;

use async_trait::async_trait;
pub use envinorma_cloud::testing::{
    emulator_config, local_store, s3_store, sqs_client, unique_name,
};
use envinorma_cloud::{
    CloudConfig, JobQueue, LocalQueue, ObjectEvent, QueueSettings, Redrive, SqsQueue,
};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;

/// A queue under test, with a way to read what it dead-lettered.
pub struct QueueUnderTest {
    pub queue: Arc<dyn JobQueue>,
    dead_letters: DeadLetters,
}

enum DeadLetters {
    Local(Arc<LocalQueue>),
    Sqs(SqsQueue),
    None,
}

impl QueueUnderTest {
    pub fn local(settings: QueueSettings) -> Self {
        let queue = Arc::new(LocalQueue::new(unique_name(), settings));
        QueueUnderTest {
            queue: queue.clone(),
            dead_letters: DeadLetters::Local(queue),
        }
    }

    /// A fresh SQS queue; with `max_receive_count`, a dead-letter queue and redrive policy too.
    pub async fn sqs(settings: QueueSettings) -> Self {
        let config = emulator_config();
        let client = sqs_client(&config).await;
        let name = unique_name();
        let dead_letter_queue = match settings.max_receive_count {
            Some(max_receive_count) => {
                let dlq = SqsQueue::create(
                    client.clone(),
                    &format!("{name}-dlq"),
                    &QueueSettings::default(),
                    None,
                )
                .await
                .expect("the dead-letter queue is created");
                let redrive = Redrive {
                    dead_letter_arn: dlq.arn().await.expect("the dead-letter queue has an ARN"),
                    max_receive_count,
                };
                Some((dlq, redrive))
            }
            None => None,
        };
        let queue = SqsQueue::create(
            client,
            &name,
            &settings,
            dead_letter_queue.as_ref().map(|(_, redrive)| redrive),
        )
        .await
        .expect("the queue is created (is the emulator running? scripts/services.sh)");
        QueueUnderTest {
            queue: Arc::new(queue),
            dead_letters: dead_letter_queue
                .map_or(DeadLetters::None, |(dlq, _)| DeadLetters::Sqs(dlq)),
        }
    }

    /// Bodies of the dead-lettered messages.
    pub async fn dead_letter_bodies(&self) -> Vec<String> {
        match &self.dead_letters {
            DeadLetters::Local(queue) => queue
                .dead_letters()
                .into_iter()
                .map(|letter| letter.body)
                .collect(),
            DeadLetters::Sqs(dlq) => dlq
                .receive(10, Duration::from_secs(2))
                .await
                .expect("the dead-letter queue can be read")
                .into_iter()
                .map(|message| message.body)
                .collect(),
            DeadLetters::None => Vec::new(),
        }
    }
}

/// Where the object events of a store arrive.
#[async_trait]
pub trait EventSource: Send {
    /// The events that arrive within a few seconds (empty if none).
    async fn next_events(&mut self) -> Vec<ObjectEvent>;
}

/// The local store's subscription.
pub struct LocalEvents(pub UnboundedReceiver<ObjectEvent>);

#[async_trait]
impl EventSource for LocalEvents {
    async fn next_events(&mut self) -> Vec<ObjectEvent> {
        match tokio::time::timeout(Duration::from_secs(2), self.0.recv()).await {
            Ok(Some(event)) => vec![event],
            _ => Vec::new(),
        }
    }
}

/// S3 notifications delivered to an SQS queue, as the functions receive them in the cloud.
pub struct SqsEvents {
    pub queue: SqsQueue,
    pub config: CloudConfig,
    /// Messages that parsed into no event (the `s3:TestEvent`).
    pub skipped: usize,
}

#[async_trait]
impl EventSource for SqsEvents {
    async fn next_events(&mut self) -> Vec<ObjectEvent> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while tokio::time::Instant::now() < deadline {
            let messages = self
                .queue
                .receive(10, Duration::from_secs(1))
                .await
                .expect("the notification queue can be read");
            let mut events = Vec::new();
            for message in messages {
                let parsed = ObjectEvent::from_sqs_body(&message.body, &self.config.buckets)
                    .expect("every notification parses");
                if parsed.is_empty() {
                    self.skipped += 1;
                }
                events.extend(parsed);
                self.queue
                    .delete(&message.receipt)
                    .await
                    .expect("a notification can be deleted");
            }
            // The s3:TestEvent gives no event: keep reading.
            if !events.is_empty() {
                return events;
            }
        }
        Vec::new()
    }
}
