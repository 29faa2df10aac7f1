//! Test helpers for the crates that use these ports (feature `testing`): stores and queues on
//! the S3/SQS emulator (moto, see scripts/services.sh) and in a temporary directory.

use crate::{
    Bucket, BucketNames, CloudConfig, JobQueue, LocalObjectStore, ObjectEvent, QueueSettings,
    S3ObjectStore, SqsQueue,
};
use aws_lambda_events::s3::S3Event;
use std::time::Duration;

/// The emulator's address: moto's, unless `ENVINORMA_TEST_AWS_ENDPOINT` names another
/// (LocalStack).
pub fn endpoint() -> String {
    std::env::var("ENVINORMA_TEST_AWS_ENDPOINT").unwrap_or_else(|_| "http://127.0.0.1:4566".into())
}

/// A short unique name, so tests sharing one emulator never see each other's buckets or queues.
pub fn unique_name() -> String {
    format!("t{}", &uuid::Uuid::new_v4().simple().to_string()[..12])
}

/// The configuration a deployment on the emulator would read from its environment, its bucket
/// names under a prefix of their own.
pub fn emulator_config() -> CloudConfig {
    let prefix = format!("{}-", unique_name());
    let endpoint = endpoint();
    CloudConfig::from_lookup(|variable| match variable {
        "AWS_ENDPOINT_URL" => Some(endpoint.clone()),
        "AWS_REGION" => Some("us-east-1".to_owned()),
        "ENVINORMA_BUCKET_PREFIX" => Some(prefix.clone()),
        _ => None,
    })
    .expect("the emulator configuration is valid")
}

/// An S3 store on the emulator whose buckets exist, with the configuration it was made from.
pub async fn s3_store() -> (S3ObjectStore, CloudConfig) {
    let config = emulator_config();
    (s3_store_of(&config).await, config)
}

/// The S3 store of `config` (on the emulator), its buckets created if they do not exist.
pub async fn s3_store_of(config: &CloudConfig) -> S3ObjectStore {
    let sdk = crate::emulator_sdk_config(&config.aws).await;
    let store = S3ObjectStore::new(crate::s3_client(&sdk, &config.aws), config.buckets.clone());
    store
        .create_buckets()
        .await
        .expect("buckets are created on the emulator (is it running? scripts/services.sh)");
    store
}

/// An SQS client on the emulator.
pub async fn sqs_client(config: &CloudConfig) -> aws_sdk_sqs::Client {
    crate::sqs_client(&crate::emulator_sdk_config(&config.aws).await, &config.aws)
}

/// The object event of `file`, a sample S3 event of the repository's `events/` folder (one
/// record, buckets of the `envinorma-` deployment): the handlers' tests are driven by the events
/// `cargo lambda invoke --data-file` is given, so the two cannot drift apart.
pub fn sample_event(file: &str) -> ObjectEvent {
    let path = envinorma_test_support::repo_path("events").join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let event: S3Event =
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let names = BucketNames::with_prefix("envinorma-").expect("a valid bucket prefix");
    let mut events = ObjectEvent::from_s3_event(&event, &names)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(events.len(), 1, "{}: one record", path.display());
    events.remove(0)
}

/// A local store in a fresh temporary directory, kept alive by the returned guard.
pub fn local_store() -> (LocalObjectStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    (LocalObjectStore::new(dir.path()), dir)
}

/// A fresh queue on the emulator that receives the object-created notifications of `buckets`,
/// as the functions' triggers do in the cloud.
pub async fn notification_queue(
    store: &S3ObjectStore,
    config: &CloudConfig,
    buckets: &[Bucket],
) -> SqsQueue {
    let client = sqs_client(config).await;
    let name = format!("{}-events", unique_name());
    let queue = SqsQueue::create(client, &name, &QueueSettings::default(), None)
        .await
        .expect("the notification queue is created on the emulator");
    let arn = queue
        .arn()
        .await
        .expect("the notification queue has an ARN");
    for bucket in buckets {
        store
            .notify_queue_on_create(*bucket, &arn)
            .await
            .expect("the bucket notifies the queue");
    }
    queue
}

/// Every object event the queue received, read until it stays empty for a second once some
/// arrived (five seconds at most), and acknowledged. The `s3:TestEvent` gives no event.
pub async fn delivered(queue: &SqsQueue, names: &BucketNames) -> Vec<ObjectEvent> {
    let mut events = Vec::new();
    for _ in 0..5 {
        let messages = queue
            .receive(10, Duration::from_secs(1))
            .await
            .expect("the notification queue can be read");
        if messages.is_empty() && !events.is_empty() {
            break;
        }
        for message in messages {
            events.extend(
                ObjectEvent::from_sqs_body(&message.body, names)
                    .expect("every notification parses"),
            );
            queue
                .delete(&message.receipt)
                .await
                .expect("a notification can be deleted");
        }
    }
    events
}
