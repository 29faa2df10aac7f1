//! One contract for every [`JobQueue`]: each test below runs on the in-process queue and on SQS
//! (moto), through `Arc<dyn JobQueue>`, as handlers use it.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::QueueUnderTest;
use envinorma_cloud::{CloudError, JobQueue, QueueSettings, ReceiptHandle};

/// Generates `local::<test>` and `sqs::<test>`; each test gets a fresh queue with `$settings`.
macro_rules! contract {
    ($($test:ident: $settings:ident),* $(,)?) => {
        mod local {
            $(
                #[tokio::test]
                async fn $test() {
                    super::$test(crate::common::QueueUnderTest::local(super::$settings)).await;
                }
            )*
        }
        mod sqs {
            $(
                #[tokio::test]
                async fn $test() {
                    super::$test(crate::common::QueueUnderTest::sqs(super::$settings).await).await;
                }
            )*
        }
    };
}

const ONE_SECOND: QueueSettings = QueueSettings {
    visibility_timeout: Duration::from_secs(1),
    max_receive_count: None,
};

const THIRTY_SECONDS: QueueSettings = QueueSettings {
    visibility_timeout: Duration::from_secs(30),
    max_receive_count: None,
};

const TWO_RECEPTIONS: QueueSettings = QueueSettings {
    visibility_timeout: Duration::from_secs(1),
    max_receive_count: Some(2),
};

contract!(
    a_sent_message_is_received_once_with_its_body: THIRTY_SECONDS,
    an_undeleted_message_comes_back_after_the_visibility_timeout: ONE_SECOND,
    a_deleted_message_never_comes_back: ONE_SECOND,
    a_message_received_too_often_goes_to_the_dead_letters: TWO_RECEPTIONS,
    a_batch_of_messages_is_sent_and_deleted_in_one_go: THIRTY_SECONDS,
    a_zero_visibility_makes_a_message_available_at_once: THIRTY_SECONDS,
    a_long_poll_returns_a_message_sent_while_waiting: THIRTY_SECONDS,
    an_unknown_receipt_is_rejected: THIRTY_SECONDS,
    an_empty_queue_returns_nothing_after_the_wait: THIRTY_SECONDS,
);

const NO_WAIT: Duration = Duration::ZERO;
const SHORT_WAIT: Duration = Duration::from_secs(3);

async fn a_sent_message_is_received_once_with_its_body(under_test: QueueUnderTest) {
    let queue = under_test.queue;
    let id = queue.send(r#"{"georisques_id":"P/1"}"#).await.unwrap();

    let received = queue.receive(10, SHORT_WAIT).await.unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].id, id);
    assert_eq!(received[0].body, r#"{"georisques_id":"P/1"}"#);
    assert_eq!(received[0].receive_count, 1);
    assert!(
        queue.receive(10, NO_WAIT).await.unwrap().is_empty(),
        "in flight, so hidden"
    );
}

async fn an_undeleted_message_comes_back_after_the_visibility_timeout(under_test: QueueUnderTest) {
    let queue = under_test.queue;
    queue.send("ocr P/2").await.unwrap();
    let first = queue.receive(1, SHORT_WAIT).await.unwrap();
    assert_eq!(first.len(), 1);
    assert!(queue.receive(1, NO_WAIT).await.unwrap().is_empty());

    let second = queue.receive(1, SHORT_WAIT).await.unwrap();
    assert_eq!(second.len(), 1, "redelivered once the timeout passed");
    assert_eq!(second[0].id, first[0].id);
    assert_eq!(second[0].receive_count, 2);
    assert_ne!(
        second[0].receipt, first[0].receipt,
        "each reception has its own receipt"
    );
}

async fn a_deleted_message_never_comes_back(under_test: QueueUnderTest) {
    let queue = under_test.queue;
    queue.send("ocr P/3").await.unwrap();
    let received = queue.receive(1, SHORT_WAIT).await.unwrap();
    queue.delete(&received[0].receipt).await.unwrap();

    assert!(queue.receive(1, SHORT_WAIT).await.unwrap().is_empty());
    // At-least-once: a handler may acknowledge twice.
    queue.delete(&received[0].receipt).await.unwrap();
}

async fn a_message_received_too_often_goes_to_the_dead_letters(under_test: QueueUnderTest) {
    let queue = &under_test.queue;
    queue.send("poison").await.unwrap();
    queue.send("healthy").await.unwrap();
    for reception in 1..=2 {
        let received = queue.receive(10, SHORT_WAIT).await.unwrap();
        let poison = received.iter().find(|message| message.body == "poison");
        let poison = poison.unwrap_or_else(|| panic!("reception {reception}: {received:?}"));
        assert_eq!(poison.receive_count, reception);
        if let Some(healthy) = received.iter().find(|message| message.body == "healthy") {
            queue.delete(&healthy.receipt).await.unwrap();
        }
    }

    assert!(queue.receive(10, SHORT_WAIT).await.unwrap().is_empty());
    assert_eq!(under_test.dead_letter_bodies().await, ["poison"]);
}

async fn a_batch_of_messages_is_sent_and_deleted_in_one_go(under_test: QueueUnderTest) {
    let queue = under_test.queue;
    // 25 messages: more than one SQS batch of 10.
    let bodies: Vec<String> = (0..25).map(|index| format!("ap {index}")).collect();
    let ids = queue.send_batch(&bodies).await.unwrap();
    assert_eq!(ids.len(), 25);
    assert_eq!(
        ids.iter().collect::<BTreeSet<_>>().len(),
        25,
        "ids are distinct"
    );

    let mut received = Vec::new();
    while received.len() < 25 {
        let page = queue.receive(10, SHORT_WAIT).await.unwrap();
        assert!(
            !page.is_empty(),
            "only {} of 25 messages arrived",
            received.len()
        );
        received.extend(page);
    }
    let received_bodies: BTreeSet<_> = received
        .iter()
        .map(|message| message.body.clone())
        .collect();
    assert_eq!(received_bodies, bodies.iter().cloned().collect());

    let receipts: Vec<ReceiptHandle> = received
        .iter()
        .map(|message| message.receipt.clone())
        .collect();
    queue.delete_batch(&receipts).await.unwrap();
    for message in &received {
        queue
            .change_visibility(&message.receipt, Duration::ZERO)
            .await
            .unwrap_err();
    }
    assert!(queue.receive(10, NO_WAIT).await.unwrap().is_empty());
}

async fn a_zero_visibility_makes_a_message_available_at_once(under_test: QueueUnderTest) {
    let queue = under_test.queue;
    queue.send("retry me").await.unwrap();
    let received = queue.receive(1, SHORT_WAIT).await.unwrap();
    assert!(queue.receive(1, NO_WAIT).await.unwrap().is_empty());

    queue
        .change_visibility(&received[0].receipt, Duration::ZERO)
        .await
        .unwrap();
    let again = queue.receive(1, SHORT_WAIT).await.unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].receive_count, 2);
}

async fn a_long_poll_returns_a_message_sent_while_waiting(under_test: QueueUnderTest) {
    let queue = under_test.queue;
    let sender = queue.clone();
    let send = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(500)).await;
        sender.send("late").await.unwrap();
    });

    let received = queue.receive(1, Duration::from_secs(10)).await.unwrap();
    send.await.unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].body, "late");
}

async fn an_unknown_receipt_is_rejected(under_test: QueueUnderTest) {
    let queue = under_test.queue;
    let unknown = ReceiptHandle("never-issued".to_owned());

    let error = queue
        .change_visibility(&unknown, Duration::ZERO)
        .await
        .unwrap_err();
    assert!(
        matches!(error, CloudError::InvalidReceipt { .. }),
        "{error}"
    );
    let error = queue.delete(&unknown).await.unwrap_err();
    assert!(
        matches!(error, CloudError::InvalidReceipt { .. }),
        "{error}"
    );
}

async fn an_empty_queue_returns_nothing_after_the_wait(under_test: QueueUnderTest) {
    let queue: &dyn JobQueue = under_test.queue.as_ref();
    let started = std::time::Instant::now();

    assert!(
        queue
            .receive(10, Duration::from_secs(1))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
}
