//! What the ap-ocr tests share: a local HTTP site standing for the documents' site, APs in a
//! real database, and the function configured on them.

#![allow(dead_code)] // Each test file uses its part.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use envinorma_ap_ocr::{ApOcr, Job, MAX_BYTES_VAR, SOURCE_URL_VAR};
use envinorma_cloud::testing::{sqs_client, unique_name};
use envinorma_cloud::{CloudConfig, QueueSettings, Redrive, SqsQueue};
use envinorma_db::Client;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One answer of the site: a status and a body.
type Answer = (StatusCode, Vec<u8>);

/// The documents' site: answers by path under `/commun/`, and counts the requests.
#[derive(Clone, Default)]
pub struct Site {
    answers: Arc<Mutex<HashMap<String, Answer>>>,
    hits: Arc<AtomicUsize>,
    pub base: String,
}

impl Site {
    /// Serves on a free port of 127.0.0.1 until the test ends.
    pub async fn start() -> Site {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let site = Site {
            base: format!("http://{}/commun/", listener.local_addr().unwrap()),
            ..Site::default()
        };
        let app = axum::Router::new()
            .route("/commun/{*path}", axum::routing::get(answer))
            .with_state(site.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        site
    }

    /// `id`'s document answers `status` with `body`.
    pub fn serve(&self, id: &str, status: StatusCode, body: Vec<u8>) {
        let path = format!("{id}.pdf");
        self.answers.lock().unwrap().insert(path, (status, body));
    }

    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    /// The message ap-sync sends for `id`.
    pub fn job(&self, id: &str) -> String {
        serde_json::to_string(&Job::at(&self.base, id)).unwrap()
    }

    /// The function reading this site, downloads bounded to `max_bytes`.
    pub fn function(&self, max_bytes: u64) -> ApOcr {
        self.function_with(&[(MAX_BYTES_VAR, max_bytes.to_string())])
    }

    /// The function reading this site, with these settings.
    pub fn function_with(&self, settings: &[(&str, String)]) -> ApOcr {
        ApOcr::from_lookup(|name| match name {
            SOURCE_URL_VAR => Some(self.base.clone()),
            name => settings
                .iter()
                .find(|(setting, _)| *setting == name)
                .map(|(_, value)| value.clone()),
        })
        .expect("PDFium is installed (make deps)")
    }
}

async fn answer(State(site): State<Site>, Path(path): Path<String>) -> impl IntoResponse {
    site.hits.fetch_add(1, Ordering::SeqCst);
    let found = site.answers.lock().unwrap().get(&path).cloned();
    found.unwrap_or((StatusCode::NOT_FOUND, b"Not Found".to_vec()))
}

/// A Géorisques id of its own for each number.
pub fn georisques_id(n: u32) -> String {
    format!("P/{:x}/{:032x}", n % 16, n)
}

/// A public installation holding APs `ids`, all NOT_ATTEMPTED.
pub async fn installation_with_aps(client: &impl Client, ids: &[String]) {
    let row = client
        .query_one(
            "INSERT INTO installations (s3ic_id, name) VALUES ('0065.00005', 'Usine') RETURNING id",
            &[],
        )
        .await
        .unwrap();
    let installation: i64 = row.get(0);
    client
        .execute(
            "INSERT INTO aps (georisques_id, installation_id, installation_s3ic_id)
             SELECT unnest($1::text[]), $2, '0065.00005'",
            &[&ids, &installation],
        )
        .await
        .unwrap();
}

/// `(ocr_status, size)` of an AP's row.
pub async fn ap_row(client: &impl Client, id: &str) -> (String, Option<i32>) {
    let row = client
        .query_one(
            "SELECT ocr_status, size FROM aps WHERE georisques_id = $1",
            &[&id],
        )
        .await
        .unwrap();
    (row.get(0), row.get(1))
}

/// The page texts stored for a document.
pub async fn page_texts(client: &impl Client, id: &str) -> Vec<String> {
    client
        .query(
            "SELECT text FROM ap_pages WHERE georisques_id = $1 ORDER BY page",
            &[&id],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect()
}

/// A queue on moto's SQS whose jobs go to its dead-letter queue (returned second) after three
/// receives, as infra sets the OCR queue.
pub async fn queue_with_dead_letters(
    config: &CloudConfig,
    visibility_timeout: Duration,
) -> (SqsQueue, SqsQueue) {
    let client = sqs_client(config).await;
    let name = unique_name();
    let settings = QueueSettings {
        visibility_timeout,
        max_receive_count: None,
    };
    let dead = SqsQueue::create(client.clone(), &format!("{name}-dlq"), &settings, None)
        .await
        .unwrap();
    let redrive = Redrive {
        dead_letter_arn: dead.arn().await.unwrap(),
        max_receive_count: 3,
    };
    let queue = SqsQueue::create(client, &name, &settings, Some(&redrive))
        .await
        .unwrap();
    (queue, dead)
}
