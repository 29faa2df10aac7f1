//! Every sample event of `events/`, handed as it is to the function it is for, built as
//! Lambda runs it (`cargo lambda build`) and started as Lambda starts it. The events name the
//! default deployment's buckets (`envinorma-inbox`…): this test owns them on the emulator and
//! empties them first. The functions share one database, in the order the data arrives.

use envinorma_cloud::{
    Bucket, CloudConfig, JobQueue, ObjectStore, PutOptions, QueueSettings, SqsQueue,
};
use envinorma_e2e::data::{DocumentSite, Dump, demo_am_archive, demo_dir};
use envinorma_e2e::function_url::body_of;
use envinorma_e2e::{Stack, sample_event};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::Duration;

/// Installations of the raw extracts with documents in the dump (ids of its second field).
const WITH_APS: [&str; 2] = ["0065.01524", "0065.01793"];

async fn empty(stack: &Stack) {
    for bucket in Bucket::ALL {
        for object in stack.store.list(bucket, "").await.expect("a listing") {
            stack
                .store
                .delete(bucket, &object.key)
                .await
                .expect("a deletion");
        }
    }
}

async fn put(stack: &Stack, bucket: Bucket, key: &str, body: Vec<u8>, options: PutOptions) {
    stack
        .store
        .put(bucket, key, body.into(), options)
        .await
        .unwrap_or_else(|e| panic!("cannot put {bucket}/{key}: {e}"));
}

async fn get(stack: &Stack, bucket: Bucket, key: &str) -> Vec<u8> {
    let object = stack.store.get(bucket, key).await;
    object
        .unwrap_or_else(|e| panic!("{bucket}/{key}: {e}"))
        .body
        .to_vec()
}

async fn count(stack: &Stack, table: &str) -> i64 {
    envinorma_db::testing::count(
        &stack.db.client().await,
        &format!("SELECT count(*) FROM {table}"),
    )
    .await
}

fn rows(csv: &[u8]) -> usize {
    csv.iter().filter(|&&b| b == b'\n').count() - 1
}

async fn ocr_queue(cloud: &CloudConfig) -> SqsQueue {
    let client = envinorma_cloud::testing::sqs_client(cloud).await;
    let name = format!("{}-ap-ocr", envinorma_cloud::testing::unique_name());
    SqsQueue::create(client, &name, &QueueSettings::default(), None)
        .await
        .expect("the OCR queue on the emulator")
}

#[tokio::test]
async fn every_sample_event_runs_its_function_as_lambda_would() {
    let stack = Stack::new("envinorma-").await;
    empty(&stack).await;
    let raw = |file: &str| envinorma_test_support::read(&format!("data/raw/s3ic/{file}"));

    // icpe-import: the raw extracts, one event each; the second makes the prepared CSVs.
    let mut icpe = stack
        .start("icpe-import", &[("ICPE_DATASET", "all".into())])
        .await;
    let csv = || PutOptions::content_type("text/csv");
    for (file, event) in [
        (
            "s3ic-liste-etablissements.csv",
            "s3-put-inbox-etablissements.json",
        ),
        ("sic-liste-rubriques.csv", "s3-put-inbox-rubriques.json"),
    ] {
        put(
            &stack,
            Bucket::Inbox,
            &format!("s3ic/{file}"),
            raw(file),
            csv(),
        )
        .await;
        let answer = icpe.answer(&sample_event(event)).await;
        assert_eq!(answer, Value::Null, "{event}");
    }
    let installations = get(&stack, Bucket::Misc, "installations_all.csv").await;
    assert_eq!(installations, raw("expected_installations.csv"));
    let classements = get(&stack, Bucket::Misc, "classements_all.csv").await;
    assert_eq!(classements, raw("expected_classements.csv"));

    // icpe-import: the prepared installations' arrival imports the pair.
    let answer = icpe
        .answer(&sample_event("s3-put-misc-installations.json"))
        .await;
    assert_eq!(answer, Value::Null);
    assert_eq!(
        count(&stack, "installations").await as usize,
        rows(&installations)
    );
    assert_eq!(
        count(&stack, "classements").await as usize,
        rows(&classements)
    );

    // am-import: the published archive, uploaded with `force` as the event says.
    let options = PutOptions::content_type("application/zip").with_metadata("force", "true");
    put(
        &stack,
        Bucket::Am,
        "ams/latest.zip",
        demo_am_archive(),
        options,
    )
    .await;
    let mut ams = stack.start("am-import", &[]).await;
    let answer = ams.answer(&sample_event("s3-put-am-latest.json")).await;
    assert_eq!(answer, Value::Null);
    let demo_ams = std::fs::read_dir(demo_dir().join("ams")).unwrap().count();
    assert_eq!(count(&stack, "ams").await as usize, demo_ams);

    // ap-sync: the newest dump of the inbox, its APs written to misc and queued for OCR.
    let dump = Dump::of(&WITH_APS);
    let scan = demo_dir().join("aps/D/9/90000000000000000000000000000001.pdf");
    let site = DocumentSite::start(
        dump.documents
            .iter()
            .map(|(_, id)| (id.clone(), scan.clone()))
            .collect::<HashMap<_, _>>(),
    )
    .await;
    put(
        &stack,
        Bucket::Inbox,
        "georisques/dump.tar.gz",
        dump.bytes.clone(),
        PutOptions::content_type("application/gzip"),
    )
    .await;
    let queue = ocr_queue(&stack.cloud).await;
    let mut sync = stack
        .start(
            "ap-sync",
            &[
                ("ICPE_DATASET", "all".into()),
                ("ENVINORMA_OCR_QUEUE_URL", queue.url().to_owned()),
                ("ENVINORMA_AP_SOURCE_URL", site.url().to_owned()),
            ],
        )
        .await;
    let answer = sync.answer(&sample_event("schedule-ap-sync.json")).await;
    assert_eq!(answer, Value::Null);
    let aps = get(&stack, Bucket::Misc, "aps_all.csv").await;
    assert!(
        rows(&aps) >= WITH_APS.len(),
        "{}",
        String::from_utf8_lossy(&aps)
    );
    assert_eq!(count(&stack, "aps").await as usize, rows(&aps));
    let mut queued = Vec::new();
    loop {
        let messages = queue.receive(10, Duration::from_secs(1)).await.unwrap();
        if messages.is_empty() {
            break;
        }
        queued.extend(messages.into_iter().map(|m| m.body));
    }
    assert_eq!(queued.len(), rows(&aps), "one OCR job per AP: {queued:?}");

    // icpe-import: the AP list ap-sync wrote lands in misc; it was imported already.
    let answer = icpe.answer(&sample_event("s3-put-misc-aps.json")).await;
    assert_eq!(answer, Value::Null);
    assert!(
        icpe.output().contains("icpe import unchanged (all)"),
        "the list ap-sync imported is not imported twice:\n{}",
        icpe.output()
    );

    // ap-ocr: the sample job names the real Géorisques site, unreachable from here, so the job
    // is given back to the queue (a partial batch failure), not lost.
    let mut ocr = stack.start("ap-ocr", &[]).await;
    let answer = ocr.answer(&sample_event("sqs-ap-ocr-job.json")).await;
    assert_eq!(
        answer,
        json!({"batchItemFailures": [{"itemIdentifier": "059f36b4-87a3-44ab-83d2-661975830a7d"}]})
    );

    // purge: nobody to purge in a new deployment; the public installations stay.
    let before = count(&stack, "installations").await;
    let mut purge = stack.start("purge", &[]).await;
    let answer = purge.answer(&sample_event("schedule-purge.json")).await;
    assert_eq!(answer, Value::Null);
    assert_eq!(count(&stack, "installations").await, before);

    // web: the search as the autocomplete asks it, through a function URL event.
    let mut web = stack
        .start(
            "web",
            &[
                (
                    "ENVINORMA_SECRET_KEY",
                    "e2e-web-signing-key-of-at-least-32-bytes".into(),
                ),
                (
                    "ENVINORMA_CONTACT_EMAIL",
                    "envinorma@example.gouv.fr".into(),
                ),
            ],
        )
        .await;
    let answer = web.answer(&sample_event("url-get-web.json")).await;
    assert_eq!(answer["statusCode"], 200, "{answer}");
    let found: Vec<Value> = serde_json::from_slice(&body_of(&answer)).expect("JSON results");
    assert!(!found.is_empty() && found.len() <= 10, "{found:?}");
    for installation in &found {
        let text = installation["name"]
            .as_str()
            .unwrap()
            .to_uppercase()
            .replace('-', " ");
        assert!(text.contains("SAINT OUEN"), "{installation}");
    }

    // back-office: the sample login form carries a token signed with no real key: refused.
    let mut bo = stack
        .start(
            "back-office",
            &[(
                "ENVINORMA_BO_SECRET_KEY",
                "e2e-back-office-signing-key-32-bytes".into(),
            )],
        )
        .await;
    let answer = bo.answer(&sample_event("url-post-back-office.json")).await;
    assert_eq!(answer["statusCode"], 403, "{answer}");
    let page = String::from_utf8(body_of(&answer).to_vec()).unwrap();
    assert!(
        page.contains("Ce formulaire a expiré ou ne provient pas du back-office."),
        "{page}"
    );
}
