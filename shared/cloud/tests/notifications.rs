//! A put announces itself the way the functions are triggered: by an S3 notification delivered
//! through SQS in the cloud, by a subscription to the local store in the local runner.

mod common;

use bytes::Bytes;
use common::{EventSource, LocalEvents, SqsEvents};
use envinorma_cloud::{Bucket, ObjectEvent, ObjectStore, PutOptions, QueueSettings, SqsQueue};

#[tokio::test]
async fn a_local_put_is_announced_as_an_object_created_event() {
    let (store, _dir) = common::local_store();
    let mut events = LocalEvents(store.subscribe());
    a_put_is_announced_as_an_object_created_event(&store, &mut events).await;
}

#[tokio::test]
async fn an_s3_put_is_announced_through_sqs_as_an_object_created_event() {
    let (store, config) = common::s3_store().await;
    let client = common::sqs_client(&config).await;
    let queue = SqsQueue::create(
        client,
        &common::unique_name(),
        &QueueSettings::default(),
        None,
    )
    .await
    .unwrap();
    let arn = queue.arn().await.unwrap();
    store
        .notify_queue_on_create(Bucket::Inbox, &arn)
        .await
        .unwrap();
    let mut events = SqsEvents {
        queue,
        config,
        skipped: 0,
    };
    a_put_is_announced_as_an_object_created_event(&store, &mut events).await;
    assert_eq!(
        events.skipped, 1,
        "the s3:TestEvent came first and gave no event"
    );
}

async fn a_put_is_announced_as_an_object_created_event(
    store: &dyn ObjectStore,
    events: &mut dyn EventSource,
) {
    let key = "extraits/s3ic liste établissements+1.csv";
    store
        .put(
            Bucket::Inbox,
            key,
            Bytes::from_static(b"a;b\n"),
            PutOptions::default(),
        )
        .await
        .unwrap();
    let etag = store.head(Bucket::Inbox, key).await.unwrap().summary.etag;

    assert_eq!(
        events.next_events().await,
        [ObjectEvent {
            bucket: Bucket::Inbox,
            key: key.to_owned(),
            size: 4,
            etag: Some(etag),
            event_name: ObjectEvent::CREATED_PUT.to_owned(),
        }]
    );
    assert!(events.next_events().await.is_empty(), "one put, one event");
}

#[tokio::test]
async fn a_dropped_subscription_does_not_stop_puts_or_other_subscribers() {
    let (store, _dir) = common::local_store();
    drop(store.subscribe());
    let mut kept = store.subscribe();

    store
        .put(
            Bucket::Misc,
            "a.csv",
            Bytes::from_static(b"x"),
            PutOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(kept.recv().await.unwrap().key, "a.csv");
}

#[tokio::test]
async fn a_local_event_becomes_the_s3_event_lambda_would_receive() {
    let (store, _dir) = common::local_store();
    let mut events = store.subscribe();
    store
        .put(
            Bucket::Ap,
            "P 1.pdf",
            Bytes::from_static(b"%PDF"),
            PutOptions::default(),
        )
        .await
        .unwrap();
    let event = events.recv().await.unwrap();
    let names = envinorma_cloud::BucketNames::with_prefix("envinorma-").unwrap();

    let s3_event = event.to_s3_event(&names).unwrap();
    let record = &s3_event.records[0];
    assert_eq!(record.s3.bucket.name.as_deref(), Some("envinorma-ap"));
    assert_eq!(record.s3.object.key.as_deref(), Some("P+1.pdf"));
    assert_eq!(
        ObjectEvent::from_s3_event(&s3_event, &names).unwrap(),
        [event]
    );
}
