//! A web hook on localhost standing for Slack's or Sentry's: it keeps what is posted to it.

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, Uri};
use std::sync::{Arc, Mutex};

/// A request received: its path, its headers, its body.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: HeaderMap,
    pub body: String,
}

type Log = Arc<Mutex<Vec<Received>>>;

/// A running hook; it stops with the test's runtime.
pub struct Webhook {
    /// Its URL, shaped as Slack's (`/services/…`); any path is accepted.
    pub url: String,
    /// `http://127.0.0.1:<port>`.
    pub origin: String,
    log: Log,
}

impl Webhook {
    /// A hook answering 200.
    pub async fn start() -> Webhook {
        Webhook::answering(StatusCode::OK).await
    }

    /// A hook answering `status` (a refusal, say) after keeping the request.
    pub async fn answering(status: StatusCode) -> Webhook {
        let log = Log::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let kept = log.clone();
        let app = axum::Router::new().fallback(
            move |uri: Uri, headers: HeaderMap, body: Bytes| async move {
                kept.lock().unwrap().push(Received {
                    path: uri.path().to_owned(),
                    headers,
                    body: String::from_utf8_lossy(&body).into_owned(),
                });
                status
            },
        );
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Webhook {
            url: format!("{origin}/services/T000/B000/XXXX"),
            origin,
            log,
        }
    }

    /// The requests received so far, in order.
    pub fn requests(&self) -> Vec<Received> {
        self.log.lock().unwrap().clone()
    }

    /// The JSON bodies received so far, in order (Slack's messages).
    pub fn received(&self) -> Vec<serde_json::Value> {
        self.requests()
            .iter()
            .map(|request| serde_json::from_str(&request.body).unwrap())
            .collect()
    }
}
