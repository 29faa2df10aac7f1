//! A webhook on localhost standing for Slack: it keeps the JSON bodies posted to it.

use axum::extract::State;
use axum::http::StatusCode;
use std::sync::{Arc, Mutex};

type Received = Arc<Mutex<Vec<serde_json::Value>>>;

/// A running webhook; it stops with the test's runtime.
pub struct Webhook {
    /// Its URL, shaped as Slack's (`/services/…`).
    pub url: String,
    received: Received,
}

impl Webhook {
    /// A webhook answering 200.
    pub async fn start() -> Webhook {
        Webhook::answering(StatusCode::OK).await
    }

    /// A webhook answering `status` (a refusal, say) after keeping the body.
    pub async fn answering(status: StatusCode) -> Webhook {
        let received = Received::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let path = "/services/T000/B000/XXXX";
        let url = format!("http://{}{path}", listener.local_addr().unwrap());
        let app = axum::Router::new()
            .route(
                path,
                axum::routing::post(
                    move |State(received): State<Received>,
                          axum::Json(body): axum::Json<serde_json::Value>| async move {
                        received.lock().unwrap().push(body);
                        status
                    },
                ),
            )
            .with_state(received.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Webhook { url, received }
    }

    /// The bodies received so far, in order.
    pub fn received(&self) -> Vec<serde_json::Value> {
        self.received.lock().unwrap().clone()
    }
}
