//! ap-sync on the Géorisques dump fixture, with a real PostgreSQL, moto's S3 and SQS, and a
//! local HTTP server standing for Slack.

use bytes::Bytes;
use envinorma_ap_sync::summary::Summary;
use envinorma_ap_sync::{ApSync, DumpSource, Ports, SLACK_VAR, SyncError};
use envinorma_cloud::testing::{delivered, notification_queue, s3_store, sqs_client, unique_name};
use envinorma_cloud::{
    Bucket, CloudConfig, JobQueue, LocalQueue, ObjectStore, PutOptions, QueueSettings,
    S3ObjectStore, SqsQueue,
};
use envinorma_core::ap_results::{Job, error_key, pdf_key};
use envinorma_db::testing::{TestDatabase, count};
use envinorma_icpe_import::Handled;
use envinorma_icpe_import::prepared::{ImportOptions, Outcome, PreparedFile, import_prepared};
use envinorma_test_support::read;
use envinorma_test_support::webhook::Webhook;
use std::collections::HashSet;
use std::time::Duration;

const DUMP: &str = "data/raw/georisques/georisques_dump.tar.gz";

struct Bench {
    store: S3ObjectStore,
    config: CloudConfig,
    db: TestDatabase,
    queue: Box<dyn JobQueue>,
}

/// The first `kept` lines of a CSV after its header (all when `None`), and those whose first
/// cell is one of `ids` when given.
fn lines(csv: &[u8], kept: Option<usize>, ids: Option<&HashSet<String>>) -> Vec<u8> {
    let text = String::from_utf8(csv.to_vec()).unwrap();
    let mut lines = text.split_inclusive('\n');
    let mut out = lines.next().unwrap().to_owned();
    let rows =
        lines.filter(|line| ids.is_none_or(|ids| ids.contains(line.split(',').next().unwrap())));
    for line in rows.take(kept.unwrap_or(usize::MAX)) {
        out.push_str(line);
    }
    out.into_bytes()
}

/// The IDF installations (the fixture's "all"; only the first `installations` when given) in
/// the database and in misc, as icpe-import leaves them, and an empty OCR queue: moto's SQS
/// when `sqs` (slow: a tenth of a second a batch of ten), else an in-process one.
async fn bench(installations: Option<usize>, sqs: bool) -> Bench {
    let (store, config) = s3_store().await;
    let db = TestDatabase::new().await;
    let installations = lines(
        &read("data/icpe/installations_idf.csv"),
        installations,
        None,
    );
    let ids: HashSet<String> = String::from_utf8(installations.clone())
        .unwrap()
        .lines()
        .skip(1)
        .map(|line| line.split(',').next().unwrap().to_owned())
        .collect();
    let classements = lines(&read("data/icpe/classements_idf.csv"), None, Some(&ids));
    let files = [
        PreparedFile {
            name: "installations_all.csv",
            bytes: &installations,
        },
        PreparedFile {
            name: "classements_all.csv",
            bytes: &classements,
        },
    ];
    let report = import_prepared(db.pool(), &files, &ImportOptions::default())
        .await
        .unwrap();
    assert!(report.is_success(), "{}", report.summary());
    let options = PutOptions::content_type("text/csv");
    store
        .put(
            Bucket::Misc,
            "installations_all.csv",
            Bytes::from(installations),
            options,
        )
        .await
        .unwrap();
    // Jobs received stay hidden for the rest of the test: reading them needs no deletes.
    let settings = QueueSettings {
        visibility_timeout: Duration::from_secs(3600),
        max_receive_count: None,
    };
    let queue: Box<dyn JobQueue> = if sqs {
        let client = sqs_client(&config).await;
        Box::new(
            SqsQueue::create(client, &unique_name(), &settings, None)
                .await
                .unwrap(),
        )
    } else {
        Box::new(LocalQueue::new("ap-ocr", settings))
    };
    Bench {
        store,
        config,
        db,
        queue,
    }
}

impl Bench {
    async fn run(&self, sync: &ApSync) -> Result<Summary, SyncError> {
        let ports = Ports {
            store: &self.store,
            pool: self.db.pool(),
            queue: &*self.queue,
        };
        let dump = DumpSource::Given {
            name: "fixture".into(),
            bytes: read(DUMP),
        };
        sync.run(&ports, dump).await
    }

    async fn misc(&self, name: &str) -> Vec<u8> {
        self.store
            .get(Bucket::Misc, name)
            .await
            .unwrap()
            .body
            .to_vec()
    }

    /// Every job sent since the last call (those received before stay hidden).
    async fn jobs(&self) -> Vec<Job> {
        let mut jobs = Vec::new();
        loop {
            let messages = self.queue.receive(10, Duration::ZERO).await.unwrap();
            if messages.is_empty() {
                return jobs;
            }
            jobs.extend(
                messages
                    .iter()
                    .map(|m| serde_json::from_str::<Job>(&m.body).unwrap()),
            );
        }
    }
}

fn sync(slack: Option<&str>) -> ApSync {
    let slack = slack.map(str::to_owned);
    ApSync::from_lookup(move |name| (name == SLACK_VAR).then(|| slack.clone()).flatten()).unwrap()
}

/// aps_all.csv without its last two columns (ocr_status, size), as expected_aps.csv is.
fn without_ocr_columns(csv: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(csv.to_vec()).unwrap();
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let (line, newline) = line.strip_suffix('\n').map_or((line, ""), |l| (l, "\n"));
        let cut = line.rmatch_indices(',').nth(1).unwrap().0;
        out.push_str(&line[..cut]);
        out.push_str(newline);
    }
    out.into_bytes()
}

/// The `(ocr_status, size)` cells of an AP's line of aps_all.csv.
fn ocr_cells(csv: &[u8], id: &str) -> String {
    let text = String::from_utf8(csv.to_vec()).unwrap();
    let line = text.lines().find(|line| line.contains(id)).unwrap();
    let cut = line.rmatch_indices(',').nth(1).unwrap().0;
    line[cut + 1..].to_owned()
}

#[tokio::test]
async fn the_dump_fixture_gives_the_originals_files_imports_the_aps_and_queues_each_once() {
    let bench = bench(None, false).await;
    let expected_aps = read("data/raw/georisques/expected_aps.csv");
    // Two APs already have a result.
    let ids: Vec<String> = String::from_utf8(expected_aps.clone())
        .unwrap()
        .lines()
        .skip(1)
        .map(|line| line.rsplit(',').next().unwrap().to_owned())
        .collect();
    let (done, failed) = (&ids[0], &ids[1]);
    let put = |key: String, body: &'static [u8]| {
        let store = &bench.store;
        async move {
            let options = PutOptions::content_type("application/octet-stream");
            store
                .put(Bucket::Ap, &key, Bytes::from_static(body), options)
                .await
                .unwrap()
        }
    };
    put(pdf_key(done), b"%PDF-1.4 twelve").await;
    put(error_key(failed), b"encrypted, password required\n").await;

    let summary = bench.run(&sync(None)).await.unwrap();
    eprintln!("ap-sync on the fixture dump: {} ms", summary.duration_ms);

    assert_eq!(
        bench.misc("documents_all.csv").await,
        read("data/raw/georisques/expected_documents.csv")
    );
    let aps_all = bench.misc("aps_all.csv").await;
    assert!(
        without_ocr_columns(&aps_all) == expected_aps,
        "aps_all.csv differs from expected_aps.csv"
    );
    assert_eq!(ocr_cells(&aps_all, done), "SUCCESS,15.0");
    assert_eq!(ocr_cells(&aps_all, failed), "ERROR,");
    assert_eq!(ocr_cells(&aps_all, &ids[2]), "NOT_ATTEMPTED,");
    let listed: Vec<String> =
        serde_json::from_slice(&bench.misc("georisques_ids.json").await).unwrap();
    assert_eq!(listed.len(), ids.len());

    let client = bench.db.client().await;
    let rows = count(&client, "SELECT count(*) FROM aps").await;
    assert_eq!(rows as usize, ids.len());
    let statuses = client
        .query_one(
            "SELECT (SELECT ocr_status FROM aps WHERE georisques_id = $1),
                    (SELECT size FROM aps WHERE georisques_id = $1),
                    (SELECT ocr_status FROM aps WHERE georisques_id = $2)",
            &[done, failed],
        )
        .await
        .unwrap();
    assert_eq!(
        (
            statuses.get::<_, String>(0),
            statuses.get::<_, Option<i32>>(1),
            statuses.get::<_, String>(2)
        ),
        ("SUCCESS".to_owned(), Some(15), "ERROR".to_owned())
    );

    // One job per AP without a result, each once.
    let jobs = bench.jobs().await;
    let queued: HashSet<&str> = jobs.iter().map(|job| job.georisques_id.as_str()).collect();
    assert_eq!(jobs.len(), ids.len() - 2);
    assert_eq!(queued.len(), jobs.len());
    assert!(!queued.contains(done.as_str()) && !queued.contains(failed.as_str()));
    let job = jobs.iter().find(|job| job.georisques_id == ids[2]).unwrap();
    assert_eq!(
        job.url,
        format!(
            "http://documents.installationsclassees.developpement-durable.gouv.fr/commun/{}.pdf",
            ids[2]
        )
    );
    assert_eq!(summary.queued, ids.len() - 2);
    assert_eq!((summary.added, summary.removed), (ids.len(), 0));
    assert_eq!(summary.aps, ids.len());

    // The next run: the same files, nothing queued while the jobs may be in flight; an OCR
    // result since then is counted.
    put(pdf_key(&ids[2]), b"%PDF-1.4 ocr").await;
    put(error_key(&ids[3]), b"PDF has no pages\n").await;
    let again = bench.run(&sync(None)).await.unwrap();
    assert_eq!(
        bench.misc("documents_all.csv").await,
        read("data/raw/georisques/expected_documents.csv")
    );
    assert!(bench.jobs().await.is_empty());
    assert_eq!(
        (again.queued, again.in_flight, again.abandoned),
        (0, ids.len() - 4, 0)
    );
    assert_eq!(
        (
            again.added,
            again.removed,
            again.newly_ocred,
            again.new_errors
        ),
        (0, 0, 1, 1)
    );
    assert_eq!(again.errors_by_reason.get("PDF has no pages"), Some(&1));
    assert_eq!(
        count(&client, "SELECT count(*) FROM ap_ocr_jobs").await as usize,
        ids.len() - 4
    );
}

#[tokio::test]
async fn the_files_it_writes_notify_icpe_import_which_finds_the_aps_already_imported() {
    let bench = bench(Some(50), false).await;
    let notifications = notification_queue(&bench.store, &bench.config, &[Bucket::Misc]).await;
    let summary = bench.run(&sync(None)).await.unwrap();
    let events = delivered(&notifications, &bench.config.buckets).await;
    let mut keys: Vec<String> = events
        .iter()
        .map(|event| format!("misc/{}", event.key))
        .collect();
    let mut written = summary.written.clone();
    keys.sort();
    written.sort();
    assert_eq!(keys, written);
    let client = bench.db.client().await;
    let aps = count(&client, "SELECT count(*) FROM aps").await;
    assert!(aps > 0);
    // The deployment's APs (dataset "all") were imported by ap-sync itself: their file's
    // arrival changes nothing; the other files are not the deployment's.
    for event in &events {
        let handled = envinorma_icpe_import::handle(
            &bench.store,
            bench.db.pool(),
            &ImportOptions::default(),
            event,
        )
        .await
        .unwrap();
        match event.key.as_str() {
            "aps_all.csv" => assert!(
                matches!(&handled, Handled::Imported(report) if report.outcome == Outcome::Unchanged),
                "{handled:?}"
            ),
            key => assert!(matches!(handled, Handled::Ignored(_)), "{key}: {handled:?}"),
        }
    }
    assert_eq!(count(&client, "SELECT count(*) FROM aps").await, aps);
}

#[tokio::test]
async fn a_job_that_died_is_sent_again_at_most_three_times_in_all() {
    // Moto's SQS, on the APs of a few installations.
    let bench = bench(Some(10), true).await;
    let first = bench.run(&sync(None)).await.unwrap();
    let waiting = first.queued;
    assert!(waiting > 10, "{waiting} APs queued");
    bench.jobs().await;
    let client = bench.db.client().await;
    // The retry window (6 h) of every job has passed: they died.
    let expire_claims = async || {
        client
            .execute(
                "UPDATE ap_ocr_jobs SET queued_at = now() - interval '7 hours'",
                &[],
            )
            .await
            .unwrap()
    };
    for sends in 2..=3 {
        expire_claims().await;
        let summary = bench.run(&sync(None)).await.unwrap();
        assert_eq!(summary.queued, waiting, "send {sends}");
        assert_eq!(bench.jobs().await.len(), waiting, "send {sends}");
    }
    expire_claims().await;
    let last = bench.run(&sync(None)).await.unwrap();
    assert_eq!(
        (last.queued, last.in_flight, last.abandoned),
        (0, 0, waiting)
    );
    assert!(bench.jobs().await.is_empty());
}

#[tokio::test]
async fn claims_are_given_back_when_the_queue_refuses_the_jobs() {
    let mut bench = bench(Some(10), false).await;
    let (_, config) = s3_store().await;
    let client = sqs_client(&config).await;
    let queue = SqsQueue::create(client, &unique_name(), &QueueSettings::default(), None)
        .await
        .unwrap();
    queue.delete_queue().await.unwrap();
    bench.queue = Box::new(queue);
    let failed = bench.run(&sync(None)).await;
    assert!(matches!(failed, Err(SyncError::Cloud(_))), "{failed:?}");
    let client = bench.db.client().await;
    assert_eq!(count(&client, "SELECT count(*) FROM ap_ocr_jobs").await, 0);
}

#[tokio::test]
async fn the_summary_goes_to_slack_with_the_originals_words() {
    let webhook = Webhook::start().await;
    let bench = bench(Some(10), false).await;

    let summary = bench.run(&sync(Some(&webhook.url))).await.unwrap();

    let messages = webhook.received();
    assert_eq!(
        messages,
        vec![serde_json::json!({ "text": summary.slack_text() })]
    );
    let text = summary.slack_text();
    assert!(
        text.starts_with(
            "*Depuis la dernière mise à jour du fichier aps_all.csv*\n0 AP supprimés.\n"
        ),
        "{text}"
    );
}

#[tokio::test]
async fn without_a_dump_the_run_fails_and_says_where_to_put_one() {
    let bench = bench(Some(10), false).await;
    let ports = Ports {
        store: &bench.store,
        pool: bench.db.pool(),
        queue: &*bench.queue,
    };
    let failed = sync(None).run(&ports, DumpSource::Configured).await;
    assert_eq!(
        failed.unwrap_err().to_string(),
        "no Géorisques dump: set ENVINORMA_GEORISQUES_DUMP_URL or put one under inbox/georisques/"
    );
    // The newest dump of the inbox is read.
    let options = PutOptions::content_type("application/gzip");
    bench
        .store
        .put(
            Bucket::Inbox,
            "georisques/old.tar.gz",
            Bytes::from_static(b"not a dump"),
            options.clone(),
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    bench
        .store
        .put(
            Bucket::Inbox,
            "georisques/new.tar.gz",
            Bytes::from(read(DUMP)),
            options,
        )
        .await
        .unwrap();
    let summary = sync(None)
        .run(&ports, DumpSource::Configured)
        .await
        .unwrap();
    assert_eq!(summary.dump, "inbox/georisques/new.tar.gz");
}
