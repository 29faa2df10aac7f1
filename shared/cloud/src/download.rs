//! Downloads from the web (a Géorisques dump, an AP's source PDF), bounded in time, size and
//! redirects. What fails because of the thing asked for (gone, too big, redirected in circles)
//! is a refusal, final; what may pass later (network, the site overloaded) is an error, to retry.

use std::time::Duration;

const MAX_REDIRECTS: usize = 3;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Between two chunks of the body: a stalled server.
const READ_TIMEOUT: Duration = Duration::from_secs(30);
/// The whole download, a slow one included.
const TOTAL_TIMEOUT: Duration = Duration::from_secs(300);

/// An HTTP client for downloads of at most `max_bytes`.
#[derive(Debug, Clone)]
pub struct Downloader {
    client: reqwest::Client,
    max_bytes: u64,
}

/// A download that may succeed later.
#[derive(Debug, thiserror::Error)]
#[error("download of {url}: {reason}")]
pub struct DownloadError {
    /// What was asked for.
    pub url: String,
    /// What went wrong.
    pub reason: String,
}

impl Downloader {
    /// A client with the timeouts and redirect bound above.
    pub fn new(max_bytes: u64) -> Result<Downloader, String> {
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .read_timeout(READ_TIMEOUT)
            .timeout(TOTAL_TIMEOUT)
            .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
            .build()
            .map_err(|error| format!("HTTP client: {error}"))?;
        Ok(Downloader { client, max_bytes })
    }

    /// The body at `url`: `Ok(Err(reason))` when what was asked for is the problem.
    pub async fn fetch(&self, url: &str) -> Result<Result<Vec<u8>, String>, DownloadError> {
        let failed = |reason: String| DownloadError {
            url: url.to_owned(),
            reason,
        };
        let mut response = match self.client.get(url).send().await {
            Ok(response) => response,
            Err(error) if error.is_redirect() => {
                return Ok(Err(format!("more than {MAX_REDIRECTS} redirects")));
            }
            Err(error) => return Err(failed(error.to_string())),
        };
        let status = response.status();
        if !status.is_success() {
            let reason = format!("source answered HTTP {status}");
            // The site's own troubles and rate limits pass; any other answer is about the
            // thing asked for (gone, forbidden) and will not change on a retry.
            let transient = status.is_server_error()
                || status == reqwest::StatusCode::REQUEST_TIMEOUT
                || status == reqwest::StatusCode::TOO_MANY_REQUESTS;
            return if transient {
                Err(failed(reason))
            } else {
                Ok(Err(reason))
            };
        }
        let too_big = || format!("document over {} bytes", self.max_bytes);
        if response
            .content_length()
            .is_some_and(|n| n > self.max_bytes)
        {
            return Ok(Err(too_big()));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| failed(error.to_string()))?
        {
            if (body.len() + chunk.len()) as u64 > self.max_bytes {
                return Ok(Err(too_big()));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Ok(body))
    }
}
