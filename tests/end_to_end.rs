//! The whole chain as deployed, on emulated AWS: the functions `cargo lambda build` made, each
//! started as Lambda starts it, fed by what triggers it in the cloud — the buckets' notifications
//! (moto delivers them to SQS; this test routes them as the template's S3 events do), the OCR
//! queue (as its event source mapping: one job an invocation, failures left in the queue), the
//! schedules, and the function URLs the browser uses.
//!
//! Raw S3IC extracts dropped in `inbox` become prepared CSVs in `misc`, then the database's
//! installations; an editor signs in to the back-office and publishes the AMs, which am-import
//! imports; ap-sync reads a Géorisques dump, ap-ocr makes its documents searchable; the web
//! app then shows an installation with its AMs and its APs, whose text it finds; last, the
//! purge removes a user not seen for months and keeps the others.

use envinorma_cloud::testing::{delivered, notification_queue, unique_name};
use envinorma_cloud::{
    Bucket, JobQueue, ObjectEvent, ObjectStore, PutOptions, QueueSettings, SqsQueue,
};
use envinorma_db::testing::count;
use envinorma_e2e::data::{DocumentSite, Dump, demo_dir};
use envinorma_e2e::function_url::FunctionUrl;
use envinorma_e2e::runtime::Function;
use envinorma_e2e::{Stack, sample_event};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::Duration;

/// An installation of the raw extracts under the demo's first AM (2521, E) with one AP.
const INSTALLATION: &str = "0065.01524";
/// Another one, whose AP is a PDF with text already.
const OTHER: &str = "0065.01793";

/// The functions the buckets' notifications trigger, routed as `infra/template.yaml` filters
/// them.
struct Triggered {
    icpe: Function,
    ams: Function,
}

impl Triggered {
    /// Hands every notification delivered so far to its function, until none comes; returns
    /// the objects (`bucket/key`) a function was invoked on, in order.
    async fn deliver(&mut self, stack: &Stack, notifications: &SqsQueue) -> Vec<String> {
        let mut invocations = Vec::new();
        loop {
            let events = delivered(notifications, &stack.cloud.buckets).await;
            if events.is_empty() {
                return invocations;
            }
            for event in events {
                let function = match (event.bucket, event.key.as_str()) {
                    (Bucket::Inbox, key) if key.starts_with("s3ic/") => &mut self.icpe,
                    (Bucket::Misc, key) if key.ends_with(".csv") => &mut self.icpe,
                    (Bucket::Am, "ams/latest.zip") => &mut self.ams,
                    _ => continue,
                };
                invoke_on_object(function, stack, &event).await;
                invocations.push(format!("{}/{}", event.bucket, event.key));
            }
        }
    }
}

async fn invoke_on_object(function: &mut Function, stack: &Stack, event: &ObjectEvent) {
    let s3_event = event
        .to_s3_event(&stack.cloud.buckets)
        .expect("an S3 event");
    let payload = serde_json::to_value(&s3_event).expect("an S3 event is JSON");
    let answer = function.answer(&payload).await;
    assert_eq!(
        answer,
        Value::Null,
        "{} on {}/{}",
        function.name,
        event.bucket,
        event.key
    );
}

/// What the OCR queue's event source mapping does: one message an invocation, as an SQS event;
/// the messages the function names as failed stay for another receive.
async fn drain(ocr: &mut Function, queue: &SqsQueue) -> usize {
    let mut jobs = 0;
    loop {
        let messages = queue
            .receive(1, Duration::from_secs(1))
            .await
            .expect("a receive");
        let Some(message) = messages.into_iter().next() else {
            return jobs;
        };
        let event = json!({"Records": [{
            "messageId": message.id,
            "receiptHandle": message.receipt.0,
            "body": message.body,
            "attributes": {"ApproximateReceiveCount": message.receive_count.to_string()},
            "messageAttributes": {},
            "eventSource": "aws:sqs",
            "eventSourceARN": "arn:aws:sqs:eu-west-3:123456789012:ap-ocr",
            "awsRegion": "eu-west-3",
        }]});
        let answer = ocr.answer(&event).await;
        assert_eq!(
            answer,
            json!({"batchItemFailures": []}),
            "job {}",
            message.body
        );
        queue.delete(&message.receipt).await.expect("a deletion");
        jobs += 1;
    }
}

/// A browser without JavaScript: cookies kept by name (the function URLs stand for https
/// origins, so their cookies are `Secure`), redirects not followed.
struct Browser {
    client: reqwest::Client,
    cookies: HashMap<String, String>,
}

impl Browser {
    fn new() -> Browser {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client");
        Browser {
            client,
            cookies: HashMap::new(),
        }
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> reqwest::Response {
        let cookie = self
            .cookies
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("; ");
        let request = if cookie.is_empty() {
            request
        } else {
            request.header("cookie", cookie)
        };
        let response = request.send().await.expect("an answer");
        for set in response.headers().get_all("set-cookie") {
            let set = set.to_str().expect("an ASCII cookie");
            let pair = set.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        response
    }

    async fn page(&mut self, url: &str) -> String {
        let response = self.send(self.client.get(url)).await;
        assert_eq!(response.status(), 200, "GET {url}");
        response.text().await.expect("a page")
    }

    async fn post(&mut self, url: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let request = self.client.post(url).form(form);
        self.send(request).await
    }
}

/// The CSRF token of the first form of `html` whose action is `action`.
fn token(html: &str, action: &str) -> String {
    let document = scraper::Html::parse_document(html);
    let selector =
        scraper::Selector::parse(&format!("form[action=\"{action}\"] input[name=csrf_token]"))
            .expect("a selector");
    let input = document.select(&selector).next();
    let input = input.unwrap_or_else(|| panic!("no form to {action} in {html}"));
    input.value().attr("value").expect("a token").to_owned()
}

async fn scalar(stack: &Stack, sql: &str, parameter: &str) -> String {
    let client = stack.db.client().await;
    let row = client.query_one(sql, &[&parameter]).await;
    row.unwrap_or_else(|e| panic!("{sql}: {e}")).get(0)
}

#[tokio::test]
async fn files_dropped_in_the_buckets_reach_the_web_app_through_every_function() {
    let stack = Stack::new(&format!("{}-", unique_name())).await;
    let notifications = notification_queue(
        &stack.store,
        &stack.cloud,
        &[Bucket::Inbox, Bucket::Misc, Bucket::Am],
    )
    .await;
    let mut triggered = Triggered {
        icpe: stack
            .start("icpe-import", &[("ICPE_DATASET", "all".into())])
            .await,
        ams: stack.start("am-import", &[]).await,
    };

    // The raw extracts, dropped one after the other: the first waits for its partner, the
    // second's arrival prepares the CSVs of the three datasets, whose arrival imports them.
    let mut invoked = Vec::new();
    for file in ["s3ic-liste-etablissements.csv", "sic-liste-rubriques.csv"] {
        let body = envinorma_test_support::read(&format!("data/raw/s3ic/{file}"));
        let key = format!("s3ic/{file}");
        let options = PutOptions::content_type("text/csv");
        stack
            .store
            .put(Bucket::Inbox, &key, body.into(), options)
            .await
            .unwrap();
        invoked.extend(triggered.deliver(&stack, &notifications).await);
    }
    let mut prepared: Vec<String> = ["all", "idf", "sample"]
        .iter()
        .flat_map(|dataset| {
            ["installations", "classements"].map(|kind| format!("misc/{kind}_{dataset}.csv"))
        })
        .collect();
    prepared.sort();
    assert_eq!(
        invoked[..2],
        [
            "inbox/s3ic/s3ic-liste-etablissements.csv",
            "inbox/s3ic/sic-liste-rubriques.csv"
        ]
    );
    let mut then = invoked[2..].to_vec();
    then.sort();
    assert_eq!(then, prepared, "each prepared CSV's arrival, once");
    let expected = envinorma_test_support::read("data/raw/s3ic/expected_installations.csv");
    let installations = expected.iter().filter(|&&b| b == b'\n').count() as i64 - 1;
    let client = stack.db.client().await;
    assert_eq!(
        count(&client, "SELECT count(*) FROM installations").await,
        installations
    );

    // The back-office, behind its function URL: an editor signs in and publishes.
    let editor_password = "a long enough password for the e2e";
    let documents = envinorma_back_office::seed::documents_of(&am_files()).expect("demo AMs");
    envinorma_back_office::seed::seed(&client, &documents)
        .await
        .unwrap();
    envinorma_back_office::seed::add_editor(&client, "editrice", Some(editor_password.into()))
        .await
        .unwrap();
    let bo_key = (
        "ENVINORMA_BO_SECRET_KEY",
        "e2e-back-office-signing-key-32-bytes".to_owned(),
    );
    let back_office = FunctionUrl::start(stack.start("back-office", &[bo_key]).await).await;
    let mut editor = Browser::new();
    let login = editor
        .page(&format!("{}/connexion", back_office.url()))
        .await;
    let signed_in = editor
        .post(
            &format!("{}/connexion", back_office.url()),
            &[
                ("csrf_token", &token(&login, "/connexion")),
                ("login", "editrice"),
                ("password", editor_password),
                ("suite", "/"),
            ],
        )
        .await;
    assert_eq!(
        signed_in.status(),
        303,
        "{}",
        signed_in.text().await.unwrap()
    );
    let catalogue = editor.page(&format!("{}/", back_office.url())).await;
    let published = editor
        .post(
            &format!("{}/publier", back_office.url()),
            &[("csrf_token", &token(&catalogue, "/publier"))],
        )
        .await;
    assert_eq!(
        published.status(),
        200,
        "{}",
        published.text().await.unwrap()
    );
    let invocations = triggered.deliver(&stack, &notifications).await;
    assert_eq!(invocations, ["am/ams/latest.zip"], "am-import, once");
    assert_eq!(
        count(&client, "SELECT count(*) FROM ams").await,
        documents.len() as i64
    );

    // ap-sync on its schedule; ap-ocr on each job of the queue.
    let dump = Dump::of(&[INSTALLATION, OTHER]);
    let aps_dir = demo_dir().join("aps/D/9");
    // The installation's documents are scans, the other's a PDF with text already.
    let site_files: HashMap<String, std::path::PathBuf> = dump
        .documents
        .iter()
        .map(|(installation, id)| {
            let file = if installation == INSTALLATION {
                "90000000000000000000000000000001.pdf"
            } else {
                "90000000000000000000000000000002.pdf"
            };
            (id.clone(), aps_dir.join(file))
        })
        .collect();
    let site = DocumentSite::start(site_files).await;
    let options = PutOptions::content_type("application/gzip");
    stack
        .store
        .put(
            Bucket::Inbox,
            "georisques/dump.tar.gz",
            dump.bytes.clone().into(),
            options,
        )
        .await
        .unwrap();
    let client_sqs = envinorma_cloud::testing::sqs_client(&stack.cloud).await;
    let ocr_queue = SqsQueue::create(
        client_sqs,
        &format!("{}-ap-ocr", unique_name()),
        &QueueSettings::default(),
        None,
    )
    .await
    .unwrap();
    let source = ("ENVINORMA_AP_SOURCE_URL", site.url().to_owned());
    let mut sync = stack
        .start(
            "ap-sync",
            &[
                ("ICPE_DATASET", "all".into()),
                ("ENVINORMA_OCR_QUEUE_URL", ocr_queue.url().to_owned()),
                source.clone(),
            ],
        )
        .await;
    let answer = sync.answer(&sample_event("schedule-ap-sync.json")).await;
    assert_eq!(answer, Value::Null);
    // Its AP list lands in misc: icpe-import sees it, already imported.
    triggered.deliver(&stack, &notifications).await;
    let aps = count(&client, "SELECT count(*) FROM aps").await;
    assert!(aps >= 2, "the two installations' APs: {aps}");
    let mut ocr = stack.start("ap-ocr", &[source]).await;
    assert_eq!(
        drain(&mut ocr, &ocr_queue).await as i64,
        aps,
        "one job per AP"
    );
    for row in client
        .query("SELECT georisques_id FROM aps", &[])
        .await
        .unwrap()
    {
        let id: String = row.get(0);
        let pdf = stack.store.get(Bucket::Ap, &format!("{id}.pdf")).await;
        let pdf = pdf.unwrap_or_else(|e| panic!("{id}.pdf in the ap bucket: {e}"));
        assert!(pdf.body.starts_with(b"%PDF"), "{id}.pdf");
    }

    // The web app, behind its function URL, as a person without JavaScript sees it.
    let web_settings = [
        (
            "ENVINORMA_SECRET_KEY",
            "e2e-web-signing-key-of-at-least-32-bytes".to_owned(),
        ),
        (
            "ENVINORMA_CONTACT_EMAIL",
            "envinorma@example.gouv.fr".to_owned(),
        ),
    ];
    let web = FunctionUrl::start(stack.start("web", &web_settings).await).await;
    let id: i64 = client
        .query_one(
            "SELECT id FROM installations WHERE s3ic_id = $1 AND user_id IS NULL",
            &[&INSTALLATION],
        )
        .await
        .unwrap()
        .get(0);
    let name = scalar(
        &stack,
        "SELECT name FROM installations WHERE s3ic_id = $1",
        INSTALLATION,
    )
    .await;
    let mut inspector = Browser::new();
    let raw_page = inspector
        .page(&format!("{}/installations/{id}", web.url()))
        .await;
    let page = text_of(&raw_page);
    assert!(
        page.contains(&collapse(&name)),
        "the installation's name {name:?}:\n{page}"
    );
    let description = scalar(
        &stack,
        "SELECT a.description FROM aps a JOIN installations i ON i.id = a.installation_id WHERE i.s3ic_id = $1",
        INSTALLATION,
    )
    .await;
    assert!(
        page.contains(&collapse(&description)),
        "its AP {description:?}:\n{page}"
    );
    // Its AM (the demo's for 2521 E) is offered, and reads personalised.
    let am = documents
        .iter()
        .find(|am| am.metadata.classements.iter().any(|c| c.rubrique == "2521"))
        .expect("a demo AM for 2521");
    let cid = &am.metadata.cid;
    assert!(
        raw_page.contains(&format!("\"{cid}\"")),
        "{cid} offered:\n{raw_page}"
    );
    let url = format!(
        "{}/installations/{id}/arretes?am_ids%5B%5D={cid}",
        web.url()
    );
    let arretes = text_of(&inspector.page(&url).await);
    let title = collapse(&am.metadata.title);
    assert!(arretes.contains(&title), "{title:?}:\n{arretes}");

    // The scan's text, found by the AP search: a word the OCR read.
    let text = scalar(
        &stack,
        "SELECT string_agg(p.text, ' ') FROM ap_pages p JOIN aps a USING (georisques_id)
         JOIN installations i ON i.id = a.installation_id WHERE i.s3ic_id = $1",
        INSTALLATION,
    )
    .await;
    let word = text
        .split(|c: char| !c.is_alphabetic())
        .find(|word| word.chars().count() >= 9)
        .unwrap_or_else(|| panic!("a long word in the OCR text: {text:?}"))
        .to_owned();
    let found = inspector
        .page(&format!(
            "{}/installations/{id}/aps/recherche?q={word}",
            web.url()
        ))
        .await;
    let found = text_of(&found);
    assert!(
        found.contains(&collapse(&description)),
        "{word:?} finds the AP:\n{found}"
    );

    // The purge, on its schedule: a user not seen for four months goes with their copy; a
    // user seen yesterday and the public installations stay.
    client
        .batch_execute(&format!(
            "INSERT INTO users (updated_at) VALUES (now() - interval '4 months'), (now() - interval '1 day');
             INSERT INTO installations (s3ic_id, name, user_id, duplicated_from_id)
             SELECT s3ic_id, name, u.id, i.id FROM installations i, users u WHERE i.id = {id};"
        ))
        .await
        .unwrap();
    let users = count(&client, "SELECT count(*) FROM users").await;
    let copies = count(
        &client,
        "SELECT count(*) FROM installations WHERE user_id IS NOT NULL",
    )
    .await;
    let public = count(
        &client,
        "SELECT count(*) FROM installations WHERE user_id IS NULL",
    )
    .await;
    let mut purge = stack.start("purge", &[]).await;
    let answer = purge.answer(&sample_event("schedule-purge.json")).await;
    assert_eq!(answer, Value::Null);
    let stale = "SELECT count(*) FROM users WHERE updated_at < now() - interval '3 months'";
    assert_eq!(count(&client, stale).await, 0);
    assert_eq!(
        count(&client, "SELECT count(*) FROM users").await,
        users - 1
    );
    let after = count(
        &client,
        "SELECT count(*) FROM installations WHERE user_id IS NOT NULL",
    )
    .await;
    assert_eq!(
        after,
        copies - 1,
        "the stale user's copy went, the other stayed"
    );
    let kept = count(
        &client,
        "SELECT count(*) FROM installations WHERE user_id IS NULL",
    )
    .await;
    assert_eq!(kept, public);
}

/// The demo AMs as `bo seed` reads them.
fn am_files() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(demo_dir().join("ams"))
        .expect("demo/ams")
        .map(|entry| {
            let path = entry.expect("an entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).expect("a demo AM"))
        })
        .collect();
    files.sort();
    files
}

/// The text a person reads on a page: entities decoded, white space collapsed.
fn text_of(html: &str) -> String {
    let document = scraper::Html::parse_document(html);
    collapse(&document.root_element().text().collect::<String>())
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
