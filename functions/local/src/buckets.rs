//! Where `envinorma dev` keeps its objects and queues, and how the objects' events reach the
//! functions: the local folders with an in-process queue (the embedded default), or the S3 and
//! SQS of an emulator at an endpoint (`--aws-endpoint`: moto, LocalStack), the buckets notifying
//! a queue as they notify the functions in the cloud.

use anyhow::Context;
use envinorma_cloud::{
    Bucket, BucketNames, CloudConfig, JobQueue, LocalObjectStore, LocalQueue, ObjectEvent,
    ObjectStore, QueueSettings, Redrive, S3ObjectStore, SqsQueue,
};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;

/// A failed OCR job comes back after a second rather than the cloud's hour, three times, then
/// goes to the dead letters.
const OCR_QUEUE: QueueSettings = QueueSettings {
    visibility_timeout: Duration::from_secs(1),
    max_receive_count: Some(3),
};

/// The buckets, their events, and the OCR queue of one `envinorma dev`.
pub struct DevBuckets {
    pub store: Arc<dyn ObjectStore>,
    pub ocr: OcrQueue,
    /// Where the objects are, for people: a folder or an endpoint.
    pub place: String,
    events: Events,
}

enum Events {
    Local(UnboundedReceiver<ObjectEvent>),
    Queue { queue: SqsQueue, names: BucketNames },
}

/// The OCR jobs ap-sync queues and ap-ocr works.
pub enum OcrQueue {
    Local(LocalQueue),
    Sqs { jobs: SqsQueue, dead: SqsQueue },
}

impl DevBuckets {
    /// The local folders under `root`.
    pub fn local(root: PathBuf) -> DevBuckets {
        let store = LocalObjectStore::new(root);
        let events = Events::Local(store.subscribe());
        DevBuckets {
            place: store.root().display().to_string(),
            store: Arc::new(store),
            ocr: OcrQueue::local(),
            events,
        }
    }

    /// The emulator at `endpoint`: its buckets (`envinorma-inbox`… or as the environment
    /// names them) and queues are created when missing, and the buckets notify a queue of
    /// their own, `<bucket prefix>dev-events`.
    pub async fn emulated(endpoint: &str) -> anyhow::Result<DevBuckets> {
        let cloud = CloudConfig::from_lookup(|name| match name {
            "AWS_ENDPOINT_URL" => Some(endpoint.to_owned()),
            "ENVINORMA_S3_ENDPOINT" | "ENVINORMA_SQS_ENDPOINT" => None,
            // Emulators accept any region; the SDK needs one.
            "AWS_REGION" => std::env::var(name)
                .ok()
                .or_else(|| Some("us-east-1".into())),
            _ => std::env::var(name).ok(),
        })
        .context("the emulator's settings")?;
        let sdk = envinorma_cloud::emulator_sdk_config(&cloud.aws).await;
        let store = S3ObjectStore::new(
            envinorma_cloud::s3_client(&sdk, &cloud.aws),
            cloud.buckets.clone(),
        );
        let unreachable = || format!("cannot reach the S3 emulator at {endpoint} (is it running?)");
        store.create_buckets().await.with_context(unreachable)?;
        let sqs = envinorma_cloud::sqs_client(&sdk, &cloud.aws);
        let prefix = cloud
            .buckets
            .real(Bucket::Inbox)
            .trim_end_matches("inbox")
            .to_owned();
        let queue = |name: &str| format!("{prefix}{name}");
        let events = SqsQueue::create(
            sqs.clone(),
            &queue("dev-events"),
            &QueueSettings::default(),
            None,
        )
        .await?;
        let arn = events.arn().await?;
        for bucket in [Bucket::Inbox, Bucket::Misc, Bucket::Am] {
            store.notify_queue_on_create(bucket, &arn).await?;
        }
        let dead = SqsQueue::create(
            sqs.clone(),
            &queue("ap-ocr-dlq"),
            &QueueSettings::default(),
            None,
        )
        .await?;
        let redrive = Redrive {
            dead_letter_arn: dead.arn().await?,
            max_receive_count: OCR_QUEUE.max_receive_count.unwrap_or(3),
        };
        let jobs = SqsQueue::create(sqs, &queue("ap-ocr"), &OCR_QUEUE, Some(&redrive)).await?;
        Ok(DevBuckets {
            place: format!("{endpoint} (buckets {}*)", prefix),
            store: Arc::new(store),
            ocr: OcrQueue::Sqs { jobs, dead },
            events: Events::Queue {
                queue: events,
                names: cloud.buckets,
            },
        })
    }

    /// The events of the objects put so far: those already emitted, or, from a queue, those
    /// delivered until it stays quiet for a second.
    pub async fn pending(&mut self) -> anyhow::Result<Vec<ObjectEvent>> {
        match &mut self.events {
            Events::Local(receiver) => {
                Ok(std::iter::from_fn(|| receiver.try_recv().ok()).collect())
            }
            Events::Queue { queue, names } => {
                let mut events = Vec::new();
                loop {
                    let received = received(queue, names, Duration::from_secs(1)).await?;
                    if received.is_empty() {
                        return Ok(events);
                    }
                    events.extend(received);
                }
            }
        }
    }

    /// Waits for the next events; `None` once no more can come.
    pub async fn next(&mut self) -> anyhow::Result<Option<Vec<ObjectEvent>>> {
        match &mut self.events {
            Events::Local(receiver) => Ok(receiver.recv().await.map(|event| vec![event])),
            Events::Queue { queue, names } => loop {
                let events = received(queue, names, Duration::from_secs(20)).await?;
                if !events.is_empty() {
                    return Ok(Some(events));
                }
            },
        }
    }
}

/// The object events of one receive (the `s3:TestEvent` gives none), acknowledged.
async fn received(
    queue: &SqsQueue,
    names: &BucketNames,
    wait: Duration,
) -> anyhow::Result<Vec<ObjectEvent>> {
    let mut events = Vec::new();
    for message in queue.receive(10, wait).await? {
        events.extend(ObjectEvent::from_sqs_body(&message.body, names)?);
        queue.delete(&message.receipt).await?;
    }
    Ok(events)
}

impl OcrQueue {
    /// The in-process queue, as SQS behaves but with a retry after a second.
    pub fn local() -> OcrQueue {
        OcrQueue::Local(LocalQueue::new("ap-ocr", OCR_QUEUE))
    }

    /// Where ap-sync sends and ap-ocr receives.
    pub fn jobs(&self) -> &dyn JobQueue {
        match self {
            OcrQueue::Local(queue) => queue,
            OcrQueue::Sqs { jobs, .. } => jobs,
        }
    }

    /// Whether every job is done, after `quiet` receives in a row found none: the in-process
    /// queue knows its jobs in flight; SQS does not say, so it is taken as drained after three
    /// empty receives (a failed job comes back after its one-second visibility timeout).
    pub fn drained(&self, quiet: usize) -> bool {
        match self {
            OcrQueue::Local(queue) => queue.is_empty(),
            OcrQueue::Sqs { .. } => quiet >= 3,
        }
    }

    /// The jobs that failed three times (taken off the dead letters of a queue on SQS).
    pub async fn dead_letters(&self) -> anyhow::Result<Vec<String>> {
        match self {
            OcrQueue::Local(queue) => Ok(queue
                .dead_letters()
                .into_iter()
                .map(|letter| letter.body)
                .collect()),
            OcrQueue::Sqs { dead, .. } => {
                let mut bodies = Vec::new();
                loop {
                    let messages = dead.receive(10, Duration::from_secs(1)).await?;
                    if messages.is_empty() {
                        return Ok(bodies);
                    }
                    for message in messages {
                        dead.delete(&message.receipt).await?;
                        bodies.push(message.body);
                    }
                }
            }
        }
    }
}
