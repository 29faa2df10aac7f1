//! Summaries posted to a Slack incoming webhook (`SLACK_WEBHOOK_URL`): the data functions' runs
//! and the back-office's publications, as the original posted them. A failed post is logged and
//! forgotten: the work it reports on is done, and must not fail or be retried for it.

use std::time::Duration;

/// Slack does not answer in this time: the summary is dropped.
const TIMEOUT: Duration = Duration::from_secs(5);

/// Where summaries go; without a webhook, nowhere.
#[derive(Debug, Clone)]
pub struct Slack {
    webhook: Option<String>,
    client: reqwest::Client,
}

impl Slack {
    /// From `SLACK_WEBHOOK_URL`; unset or empty, summaries are only logged.
    pub fn from_env() -> Slack {
        Slack::to(
            std::env::var("SLACK_WEBHOOK_URL")
                .ok()
                .filter(|url| !url.trim().is_empty()),
        )
    }

    pub fn to(webhook: Option<String>) -> Slack {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .build()
            .unwrap_or_default();
        Slack { webhook, client }
    }

    /// Posts `text`. The webhook's address is a secret: it is never logged.
    pub async fn post(&self, text: &str) {
        let Some(webhook) = &self.webhook else {
            return;
        };
        let body = serde_json::json!({ "text": text });
        let sent = self.client.post(webhook).json(&body).send().await;
        match sent.map(|response| response.status()) {
            Ok(status) if status.is_success() => {}
            Ok(status) => tracing::warn!(%status, "Slack refused the summary"),
            Err(error) => tracing::warn!(error = %error.without_url(), "Slack summary not sent"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use envinorma_test_support::webhook::Webhook;

    #[tokio::test]
    async fn a_summary_is_posted_as_the_webhook_expects() {
        let webhook = Webhook::start().await;
        Slack::to(Some(webhook.url.clone()))
            .post("icpe import: 2164 installations")
            .await;
        assert_eq!(
            webhook.received(),
            [serde_json::json!({"text": "icpe import: 2164 installations"})]
        );
    }

    #[tokio::test]
    async fn a_refusal_or_no_webhook_at_all_is_no_failure() {
        let webhook = Webhook::answering(axum::http::StatusCode::INTERNAL_SERVER_ERROR).await;
        Slack::to(Some(webhook.url.clone())).post("résumé").await;
        assert_eq!(webhook.received(), [serde_json::json!({"text": "résumé"})]);
        Slack::to(None).post("résumé").await;
    }
}
