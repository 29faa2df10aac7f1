//! Errors and panics reported to Sentry when `SENTRY_DSN` is set, as the original did: each
//! ERROR log line and each panic becomes an event of Sentry's envelope protocol. A small client
//! of our own: the part of the protocol we use is one HTTP post.
//!
//! A report is sent before the code that logged the error goes on (at most [`TIMEOUT`]): Lambda
//! freezes the process once an invocation has answered, and a report sent in the background
//! would leave with the next invocation, or never. Errors are rare; the wait is on them only.

use serde_json::json;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::Context;

/// Sentry does not answer in this time: the report is dropped (the log line stays).
const TIMEOUT: Duration = Duration::from_secs(3);

/// Where reports go: the project's DSN, `https://KEY@HOST/PROJECT`.
#[derive(Clone)]
pub struct Sentry {
    endpoint: String,
    auth: String,
    environment: String,
}

/// The key only: a DSN's key lets anyone send events to the project.
impl std::fmt::Debug for Sentry {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Sentry")
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl Sentry {
    /// From a DSN; `None` for one that is not `scheme://KEY@HOST[:PORT]/PROJECT`.
    pub fn from_dsn(dsn: &str, environment: &str) -> Option<Sentry> {
        let (scheme, rest) = dsn.trim().split_once("://")?;
        let (key, rest) = rest.split_once('@')?;
        let (host, project) = rest.split_once('/')?;
        let project = project.trim_end_matches('/');
        let valid = matches!(scheme, "http" | "https")
            && !key.is_empty()
            && !host.is_empty()
            && !project.is_empty()
            && project.bytes().all(|byte| byte.is_ascii_digit());
        valid.then(|| Sentry {
            endpoint: format!("{scheme}://{host}/api/{project}/envelope/"),
            auth: format!("Sentry sentry_version=7, sentry_key={key}, sentry_client=envinorma/0.1"),
            environment: environment.to_owned(),
        })
    }

    /// From `SENTRY_DSN` and `ENVINORMA_ENV` (default `production`).
    pub fn from_env() -> Option<Sentry> {
        let dsn = std::env::var("SENTRY_DSN")
            .ok()
            .filter(|dsn| !dsn.trim().is_empty())?;
        let environment = std::env::var("ENVINORMA_ENV").unwrap_or_else(|_| "production".into());
        let sentry = Sentry::from_dsn(&dsn, &environment);
        if sentry.is_none() {
            // The DSN itself is a secret: not logged.
            tracing::warn!(
                "SENTRY_DSN is not a Sentry DSN (scheme://KEY@HOST/PROJECT): errors are only logged"
            );
        }
        sentry
    }

    /// The envelope of one event: its header, the item's header, the event.
    fn envelope(&self, level: &str, logger: &str, message: &str, now: SystemTime) -> String {
        // Sentry's event ids are UUIDs written without dashes.
        let event_id = uuid::Uuid::new_v4().simple().to_string();
        let timestamp = now
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs_f64();
        let function = std::env::var("AWS_LAMBDA_FUNCTION_NAME").unwrap_or_else(|_| "local".into());
        let event = json!({
            "event_id": event_id,
            "timestamp": timestamp,
            "platform": "other",
            "level": level,
            "logger": logger,
            "server_name": function,
            "environment": self.environment,
            "message": { "formatted": message },
        });
        format!(
            "{}\n{}\n{}\n",
            json!({ "event_id": event_id }),
            json!({ "type": "event" }),
            event
        )
    }

    /// Sends a report and waits for it, from a thread of its own: the caller may be inside an
    /// async runtime, or panicking.
    fn report(&self, level: &str, logger: &str, message: &str) {
        let envelope = self.envelope(level, logger, message, SystemTime::now());
        let (endpoint, auth) = (self.endpoint.clone(), self.auth.clone());
        let _ = std::thread::spawn(move || send(&endpoint, &auth, envelope)).join();
    }
}

fn send(endpoint: &str, auth: &str, envelope: String) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(_) => return,
    };
    runtime.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .build()
            .unwrap_or_default();
        let sent = client
            .post(endpoint)
            .header("X-Sentry-Auth", auth)
            .header("Content-Type", "application/x-sentry-envelope")
            .body(envelope)
            .send()
            .await;
        if let Err(error) = sent.and_then(|response| response.error_for_status()) {
            // Not through tracing: an error logged here would be reported again.
            eprintln!("Sentry report not sent: {}", error.without_url());
        }
    });
}

/// The tracing layer: each ERROR event reported, with its message and fields.
pub struct SentryLayer(pub Sentry);

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for SentryLayer {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if *event.metadata().level() != tracing::Level::ERROR {
            return;
        }
        let mut text = Text::default();
        event.record(&mut text);
        self.0.report("error", event.metadata().target(), &text.0);
    }
}

/// An event's message, then its fields as `name=value`.
#[derive(Default)]
struct Text(String);

impl Text {
    fn push(&mut self, field: &Field, value: String) {
        if field.name() == "message" {
            self.0.insert_str(0, &value);
        } else {
            self.0.push_str(&format!(" {}={value}", field.name()));
        }
    }
}

impl Visit for Text {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.push(field, format!("{value:?}"));
    }

    /// A message as it reads; other strings quoted, as the JSON log shows them apart.
    fn record_str(&mut self, field: &Field, value: &str) {
        let value = if field.name() == "message" {
            value.to_owned()
        } else {
            format!("{value:?}")
        };
        self.push(field, value);
    }
}

/// Reports panics too (their message and place), before the panic goes on.
pub fn report_panics(sentry: Sentry) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        sentry.report("fatal", "panic", &info.to_string());
        previous(info);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use envinorma_test_support::webhook::Webhook;

    #[test]
    fn a_dsn_gives_the_envelope_endpoint_and_a_bad_one_nothing() {
        let sentry =
            Sentry::from_dsn("https://abc123@o1.ingest.sentry.io/4505", "staging").unwrap();
        assert_eq!(
            sentry.endpoint,
            "https://o1.ingest.sentry.io/api/4505/envelope/"
        );
        assert!(sentry.auth.contains("sentry_key=abc123"));
        assert!(
            !format!("{sentry:?}").contains("abc123"),
            "the key is not logged"
        );
        for bad in [
            "",
            "abc@host/1",
            "https://host/1",
            "https://k@host/",
            "ftp://k@h/1",
            "https://k@h/x",
        ] {
            assert!(Sentry::from_dsn(bad, "prod").is_none(), "{bad}");
        }
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn an_error_logged_is_reported_before_the_code_goes_on() {
        let hook = Webhook::start().await;
        let dsn = hook.origin.replacen("http://", "http://k3y@", 1) + "/42";
        let sentry = Sentry::from_dsn(&dsn, "staging").unwrap();
        let subscriber = tracing_subscriber::layer::SubscriberExt::with(
            tracing_subscriber::registry(),
            SentryLayer(sentry),
        );
        let requests = tokio::task::spawn_blocking(move || {
            tracing::subscriber::with_default(subscriber, || {
                tracing::info!("not an error");
                tracing::error!(key = "ams/latest.zip", "import failed");
            });
        });
        requests.await.unwrap();
        let requests = hook.requests();
        assert_eq!(requests.len(), 1, "{requests:?}");
        assert_eq!(requests[0].path, "/api/42/envelope/");
        let auth = requests[0].headers["x-sentry-auth"].to_str().unwrap();
        assert!(
            auth.starts_with("Sentry sentry_version=7, sentry_key=k3y,"),
            "{auth}"
        );
        let lines: Vec<serde_json::Value> = requests[0]
            .body
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(lines[1], json!({"type": "event"}));
        assert_eq!(lines[0]["event_id"], lines[2]["event_id"]);
        assert_eq!(lines[2]["level"], "error");
        assert_eq!(lines[2]["environment"], "staging");
        assert_eq!(
            lines[2]["message"]["formatted"],
            "import failed key=\"ams/latest.zip\""
        );
    }
}
