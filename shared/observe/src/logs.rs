//! JSON logs, one object a line, filtered by `RUST_LOG` (default `info`).
//!
//! The Lambda runtime opens a span per invocation holding its `requestId`; logging the current
//! span with every line is what ties a line to its request or event in CloudWatch.

use crate::sentry::{Sentry, SentryLayer, report_panics};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;

/// Installs the JSON logger of every function, with the Sentry reports when `SENTRY_DSN` is set
/// (once per process; later calls do nothing).
pub fn init() {
    let sentry = Sentry::from_env();
    if let Some(sentry) = &sentry {
        report_panics(sentry.clone());
    }
    let reports = sentry.map(SentryLayer);
    let _ = subscriber(std::io::stdout).with(reports).try_init();
}

fn subscriber<W>(writer: W) -> impl tracing::Subscriber + for<'span> LookupSpan<'span> + Send + Sync
where
    W: for<'writer> MakeWriter<'writer> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let lines = tracing_subscriber::fmt::layer()
        .json()
        .with_current_span(true)
        .with_span_list(false)
        .with_writer(writer);
    tracing_subscriber::registry().with(filter).with(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Lines {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_line_logged_during_an_invocation_carries_its_request_id() {
        let lines = Lines::default();
        let writer = lines.clone();
        let subscriber = subscriber(move || writer.clone());
        tracing::subscriber::with_default(subscriber, || {
            // The span the Lambda runtime opens around each invocation.
            let span = tracing::info_span!("Lambda runtime invoke", requestId = "8476a536-e9f4");
            span.in_scope(|| tracing::error!(key = "ams/latest.zip", "import refused"));
        });
        let output = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
        let line: serde_json::Value = serde_json::from_str(output.trim_end()).unwrap();
        assert_eq!(line["level"], "ERROR");
        assert_eq!(line["fields"]["message"], "import refused");
        assert_eq!(line["fields"]["key"], "ams/latest.zip");
        assert_eq!(line["span"]["requestId"], "8476a536-e9f4");
    }
}
