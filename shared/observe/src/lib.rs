//! What the functions tell the people who run them, without any third-party service in the
//! page: logs as JSON lines (each carrying the Lambda request id of the invocation it belongs
//! to), metrics as CloudWatch Embedded Metric Format lines in those logs (page views per route
//! and day come from them: no personal data, no analytics script), and summaries posted to a
//! Slack webhook; errors and panics go to Sentry when it is configured.

pub mod logs;
pub mod metrics;
pub mod page_views;
pub mod sentry;
pub mod slack;

pub use metrics::{Metrics, Unit};
pub use slack::Slack;
