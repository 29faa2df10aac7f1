//! The back-office's configuration: the web app's site settings under its own names, so that
//! it signs its sessions with a key of its own.

use crate::piste::Piste;
use envinorma_observe::Slack;
use envinorma_web::config::{ConfigError, Site, SiteVars};

/// The key that signs the back-office's session cookies and CSRF tokens.
pub const SECRET_VAR: &str = "ENVINORMA_BO_SECRET_KEY";
/// The back-office's public URL, without trailing slash.
pub const BASE_URL_VAR: &str = "ENVINORMA_BO_BASE_URL";

/// The back-office's variables and local defaults: another development key than the web
/// app's, so that neither accepts the other's cookies even on a developer's machine.
pub const BO_SITE: SiteVars = SiteVars {
    secret: SECRET_VAR,
    base_url: BASE_URL_VAR,
    local_secret: "envinorma-back-office-local-development-key-never-deployed",
    local_base_url: "http://localhost:3001",
};

/// The back-office function's settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub site: Site,
    /// Where publications are announced (`SLACK_WEBHOOK_URL`), as the original did.
    pub slack: Slack,
    /// The live Légifrance API, when configured.
    pub piste: Option<Piste>,
}

impl Config {
    /// Reads settings through `lookup`; blank values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        Ok(Config {
            slack: Slack::to(get("SLACK_WEBHOOK_URL")),
            piste: Piste::from_lookup(get),
            site: Site::from_lookup(&BO_SITE, get)?,
        })
    }

    /// A local configuration for tests and the local runner.
    pub fn local() -> Config {
        Config {
            site: Site::local(&BO_SITE),
            slack: Slack::to(None),
            piste: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deployed_back_office_needs_its_own_key() {
        let error = Config::from_lookup(|_| None).unwrap_err();
        assert_eq!(error, ConfigError::MissingSecret(SECRET_VAR));
        assert_eq!(
            error.to_string(),
            "ENVINORMA_BO_SECRET_KEY is required (set ENVINORMA_ENV=local for the development default)"
        );
        let web_key_only =
            Config::from_lookup(|name| (name == "ENVINORMA_SECRET_KEY").then(|| "k".repeat(40)));
        assert!(web_key_only.is_err());
    }

    #[test]
    fn locally_it_listens_on_port_3001_with_plain_http_cookies() {
        let local =
            Config::from_lookup(|name| (name == "ENVINORMA_ENV").then(|| "local".into())).unwrap();
        assert_eq!(
            local.site.base_url.as_deref(),
            Some("http://localhost:3001")
        );
        assert!(!local.site.secure);
    }
}
