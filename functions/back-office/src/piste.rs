//! The live Légifrance API (DILA, behind the PISTE gateway), optional: with
//! `LEGIFRANCE_CLIENT_ID` and `LEGIFRANCE_CLIENT_SECRET` (a PISTE application's OAuth
//! credentials), the Légifrance page fetches an AM's text itself instead of asking for a file.
//! `LEGIFRANCE_OAUTH_URL` and `LEGIFRANCE_API_URL` point elsewhere (PISTE's sandbox; a local
//! stand-in in the tests, which never call the live API).

use envinorma_core::legifrance::MAX_PAYLOAD_BYTES;
use std::time::Duration;

const OAUTH_URL: &str = "https://oauth.piste.gouv.fr/api/oauth/token";
const API_URL: &str = "https://api.piste.gouv.fr/dila/legifrance/lf-engine-app";
/// PISTE answers a text in a second or two; the largest in some more.
const TIMEOUT: Duration = Duration::from_secs(30);

/// A PISTE application.
#[derive(Clone)]
pub struct Piste {
    client_id: String,
    client_secret: String,
    oauth_url: String,
    api_url: String,
    http: reqwest::Client,
}

/// The id only: the secret never reaches a log.
impl std::fmt::Debug for Piste {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Piste")
            .field("client_id", &self.client_id)
            .field("api_url", &self.api_url)
            .finish_non_exhaustive()
    }
}

/// Why a text could not be fetched, in French for the editor (nothing secret in it).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct PisteError(pub String);

impl Piste {
    /// The application of the variables, if both credentials are set.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Option<Piste> {
        let client_id = lookup("LEGIFRANCE_CLIENT_ID")?;
        let client_secret = lookup("LEGIFRANCE_CLIENT_SECRET")?;
        let http = reqwest::Client::builder().timeout(TIMEOUT).build().ok()?;
        Some(Piste {
            client_id,
            client_secret,
            oauth_url: lookup("LEGIFRANCE_OAUTH_URL").unwrap_or_else(|| OAUTH_URL.into()),
            api_url: lookup("LEGIFRANCE_API_URL").unwrap_or_else(|| API_URL.into()),
            http,
        })
    }

    /// The `consult/lawDecree` answer for the text `cid` as in force today: the payload the
    /// Légifrance import reads.
    pub async fn text(&self, cid: &str) -> Result<Vec<u8>, PisteError> {
        let failed = |step: &str, error: reqwest::Error| {
            tracing::warn!(error = %error.without_url(), "Légifrance API: {step}");
            PisteError(format!(
                "L’API Légifrance n’a pas répondu ({step}) : réessayez plus tard, ou donnez le \
                 fichier du texte."
            ))
        };
        let token: serde_json::Value = self
            .http
            .post(&self.oauth_url)
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", &self.client_id),
                ("client_secret", &self.client_secret),
                ("scope", "openid"),
            ])
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|error| failed("jeton d’accès", error))?
            .json()
            .await
            .map_err(|error| failed("jeton d’accès", error))?;
        let token = token["access_token"]
            .as_str()
            .ok_or_else(|| PisteError("PISTE n’a pas donné de jeton d’accès : vérifiez les identifiants de l’application.".into()))?;
        let today = chrono::Utc::now().timestamp_millis();
        let mut response = self
            .http
            .post(format!("{}/consult/lawDecree", self.api_url))
            .bearer_auth(token)
            .json(&serde_json::json!({ "textId": cid, "date": today }))
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|error| failed("texte", error))?;
        // Read up to the import's bound, however the answer is sent.
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| failed("texte", error))?
        {
            body.extend_from_slice(&chunk);
            if body.len() > MAX_PAYLOAD_BYTES {
                return Err(PisteError(
                    "Le texte envoyé par Légifrance est plus grand qu’aucun arrêté.".into(),
                ));
            }
        }
        Ok(body)
    }
}
