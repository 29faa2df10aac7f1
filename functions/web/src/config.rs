//! The web function's configuration, read once from the environment into typed values.

use std::fmt;

/// `ENVINORMA_ENV`: `local` (a developer's machine) or anything else (a deployed stack).
pub const ENV_VAR: &str = "ENVINORMA_ENV";
/// The key that signs cookies and CSRF tokens (at least [`MIN_SECRET_LEN`] bytes).
pub const SECRET_VAR: &str = "ENVINORMA_SECRET_KEY";
/// The public URL of the app (`https://envinorma.example.gouv.fr`), without trailing slash.
pub const BASE_URL_VAR: &str = "ENVINORMA_BASE_URL";
/// The origin that serves AP PDFs when it is not ours (the bucket a presigned URL points to).
pub const AP_PDF_ORIGIN_VAR: &str = "ENVINORMA_AP_PDF_ORIGIN";
/// The address users write to (the About page, the FAQ's "écrivez-nous").
pub const CONTACT_EMAIL_VAR: &str = "ENVINORMA_CONTACT_EMAIL";
/// Where our source code and its documentation are published (the About page links it).
pub const SOURCE_URL_VAR: &str = "ENVINORMA_SOURCE_URL";

/// Set by AWS in every Lambda function: local mode is refused there.
pub const LAMBDA_VAR: &str = "AWS_LAMBDA_FUNCTION_NAME";

/// Shorter keys make HMAC signatures guessable offline.
pub const MIN_SECRET_LEN: usize = 32;

/// The variables and local defaults of a site's common settings ([`Site`]): the web app's, or
/// the back-office's, which signs with a key of its own.
#[derive(Debug, Clone, Copy)]
pub struct SiteVars {
    pub secret: &'static str,
    pub base_url: &'static str,
    /// Known to everyone who reads the code: accepted only when `ENVINORMA_ENV=local`.
    pub local_secret: &'static str,
    pub local_base_url: &'static str,
}

/// The web app's.
pub const WEB_SITE: SiteVars = SiteVars {
    secret: SECRET_VAR,
    base_url: BASE_URL_VAR,
    local_secret: "envinorma-local-development-secret-never-used-when-deployed",
    local_base_url: "http://localhost:3000",
};

/// Where the function runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// A developer's machine: a default secret, plain-HTTP cookies on localhost.
    Local,
    /// A deployed stack: the secret is required and cookies are `Secure`.
    Deployed,
}

/// The web function's settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub environment: Environment,
    /// The public URL without trailing slash; `None` when links stay relative.
    pub base_url: Option<String>,
    /// Cookies carry `Secure` and responses `Strict-Transport-Security` (not on localhost).
    pub secure: bool,
    pub secret: SecretKey,
    /// An extra origin allowed for `<object>` (AP PDFs served from a bucket).
    pub ap_pdf_origin: Option<String>,
    /// Who users write to; `None` only locally, where the pages say that no address is set.
    pub contact_email: Option<ContactEmail>,
    /// The published source code; `None` when it is not published (the About page says so).
    pub source_url: Option<String>,
}

/// A configuration that cannot start, with what to change.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{0} is required (set {ENV_VAR}=local for the development default)")]
    MissingSecret(&'static str),
    #[error("a signing key must be at least {MIN_SECRET_LEN} bytes long, this one has {0}")]
    ShortSecret(usize),
    #[error("{0} must be an http(s) URL with a host, without path (got {1:?})")]
    InvalidUrl(&'static str, String),
    #[error(
        "{CONTACT_EMAIL_VAR} is required: the address users write to (set {ENV_VAR}=local to do without)"
    )]
    MissingContactEmail,
    #[error(
        "{CONTACT_EMAIL_VAR} must be an e-mail address of letters, digits and . - _ + (got {0:?})"
    )]
    InvalidContactEmail(String),
    #[error("{SOURCE_URL_VAR} must be an http(s) URL (got {0:?})")]
    InvalidSourceUrl(String),
    #[error(
        "{ENV_VAR}=local is for a developer's machine, not a Lambda function ({LAMBDA_VAR} is set): unset it and set {0}"
    )]
    LocalUnderLambda(&'static str),
    #[error(
        "{ENV_VAR}=local serves localhost only, not {1}: unset it and set {0} to serve another address"
    )]
    LocalOffLocalhost(&'static str, String),
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup` (the environment, or a map in tests); blank values
    /// count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let Site {
            environment,
            base_url,
            secure,
            secret,
        } = Site::from_lookup(&WEB_SITE, get)?;
        let ap_pdf_origin = get(AP_PDF_ORIGIN_VAR)
            .map(|url| origin(AP_PDF_ORIGIN_VAR, &url))
            .transpose()?;
        // A deployed service must tell its users whom to write to (a wrong AM, a missing
        // installation); a developer's machine has no one to answer.
        let contact_email = match (get(CONTACT_EMAIL_VAR), environment) {
            (Some(email), _) => Some(ContactEmail::parse(&email)?),
            (None, Environment::Local) => None,
            (None, Environment::Deployed) => return Err(ConfigError::MissingContactEmail),
        };
        let source_url = get(SOURCE_URL_VAR)
            .map(|url| source_url(&url))
            .transpose()?;
        Ok(Config {
            environment,
            base_url,
            secure,
            secret,
            ap_pdf_origin,
            contact_email,
            source_url,
        })
    }

    /// A local configuration for tests and the local runner.
    pub fn local() -> Config {
        let site = Site::local(&WEB_SITE);
        Config {
            environment: site.environment,
            base_url: site.base_url,
            secure: site.secure,
            secret: site.secret,
            ap_pdf_origin: None,
            contact_email: None,
            source_url: None,
        }
    }
}

/// The settings every site has: where it runs, its public URL, whether its cookies are
/// `Secure`, and its signing key.
#[derive(Debug, Clone)]
pub struct Site {
    pub environment: Environment,
    /// The public URL without trailing slash; `None` when links stay relative.
    pub base_url: Option<String>,
    pub secure: bool,
    pub secret: SecretKey,
}

impl Site {
    /// Reads them through `get` (blank values already unset), by the names of `vars`.
    pub fn from_lookup(
        vars: &SiteVars,
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<Site, ConfigError> {
        let environment = match get(ENV_VAR).as_deref().map(str::trim) {
            Some("local") => Environment::Local,
            _ => Environment::Deployed,
        };
        // The development secret is public: a local configuration must never face the internet.
        if environment == Environment::Local && get(LAMBDA_VAR).is_some() {
            return Err(ConfigError::LocalUnderLambda(vars.secret));
        }
        let secret = match (get(vars.secret), environment) {
            (Some(secret), _) => SecretKey::new(secret.into_bytes())?,
            (None, Environment::Local) => SecretKey::new(vars.local_secret.as_bytes().to_vec())?,
            (None, Environment::Deployed) => return Err(ConfigError::MissingSecret(vars.secret)),
        };
        let base_url = match (get(vars.base_url), environment) {
            (Some(url), _) => Some(origin(vars.base_url, &url)?),
            (None, Environment::Local) => Some(vars.local_base_url.to_string()),
            (None, Environment::Deployed) => None,
        };
        if let (Environment::Local, Some(url)) = (environment, &base_url)
            && !is_localhost(url)
        {
            return Err(ConfigError::LocalOffLocalhost(vars.secret, url.clone()));
        }
        let secure = match &base_url {
            Some(url) => !is_localhost(url),
            None => environment == Environment::Deployed,
        };
        Ok(Site {
            environment,
            base_url,
            secure,
            secret,
        })
    }

    /// The local settings of tests and the local runner.
    pub fn local(vars: &SiteVars) -> Site {
        Site {
            environment: Environment::Local,
            base_url: Some(vars.local_base_url.to_string()),
            secure: false,
            secret: SecretKey(vars.local_secret.as_bytes().to_vec()),
        }
    }
}

/// An e-mail address for `mailto:` links: ASCII letters, digits and `.-_+` around one `@`, so
/// that nothing in it can add headers (`?`, `&`) or break out of an attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactEmail(String);

impl ContactEmail {
    pub fn parse(text: &str) -> Result<ContactEmail, ConfigError> {
        let text = text.trim();
        let plain = |part: &str| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+'))
        };
        match text.split_once('@') {
            Some((user, domain))
                if plain(user) && plain(domain) && domain.split('.').count() > 1 =>
            {
                Ok(ContactEmail(text.to_string()))
            }
            _ => Err(ConfigError::InvalidContactEmail(text.to_string())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An http(s) URL with a host and any path, without spaces, quotes or angle brackets.
fn source_url(url: &str) -> Result<String, ConfigError> {
    let url = url.trim();
    let invalid = || ConfigError::InvalidSourceUrl(url.to_string());
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(invalid)?;
    let host = rest.split('/').next().unwrap_or_default();
    origin(SOURCE_URL_VAR, &url[..url.len() - rest.len() + host.len()]).map_err(|_| invalid())?;
    if rest
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>'))
    {
        return Err(invalid());
    }
    Ok(url.to_string())
}

/// `scheme://host[:port]`, checked and without trailing slash: it goes into CSP headers and links.
fn origin(name: &'static str, url: &str) -> Result<String, ConfigError> {
    let url = url.trim().trim_end_matches('/');
    let invalid = || ConfigError::InvalidUrl(name, url.to_string());
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(invalid)?;
    let valid_host = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if valid_host {
        Ok(url.to_string())
    } else {
        Err(invalid())
    }
}

fn is_localhost(url: &str) -> bool {
    let host_and_port = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = match host_and_port.strip_prefix('[') {
        Some(ipv6) => ipv6.split(']').next().unwrap_or_default(),
        None => host_and_port.split(':').next().unwrap_or_default(),
    };
    matches!(host, "localhost" | "127.0.0.1" | "::1")
}

/// The signing key: never printed, never logged.
#[derive(Clone)]
pub struct SecretKey(Vec<u8>);

impl SecretKey {
    /// Refuses keys too short to resist offline guessing.
    pub fn new(bytes: Vec<u8>) -> Result<SecretKey, ConfigError> {
        if bytes.len() < MIN_SECRET_LEN {
            return Err(ConfigError::ShortSecret(bytes.len()));
        }
        Ok(SecretKey(bytes))
    }

    /// The raw key, for the HMAC helpers only.
    pub(crate) fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    const SECRET: &str = "0123456789abcdef0123456789abcdef";
    const CONTACT: &str = "envinorma@example.gouv.fr";

    #[test]
    fn a_deployed_stack_without_secret_does_not_start() {
        assert_eq!(
            config(&[]).unwrap_err(),
            ConfigError::MissingSecret(SECRET_VAR)
        );
        assert_eq!(
            config(&[(SECRET_VAR, "short")]).unwrap_err(),
            ConfigError::ShortSecret(5)
        );
    }

    #[test]
    fn local_development_has_a_default_secret_and_plain_http_cookies() {
        let local = config(&[(ENV_VAR, "local")]).unwrap();
        assert_eq!(local.base_url.as_deref(), Some("http://localhost:3000"));
        assert!(!local.secure);
    }

    #[test]
    fn local_mode_is_refused_in_a_lambda_function_and_off_localhost() {
        assert_eq!(
            config(&[(ENV_VAR, "local"), (LAMBDA_VAR, "envinorma-web")]).unwrap_err(),
            ConfigError::LocalUnderLambda(SECRET_VAR)
        );
        assert_eq!(
            config(&[
                (ENV_VAR, "local"),
                (BASE_URL_VAR, "https://envinorma.example.fr")
            ])
            .unwrap_err(),
            ConfigError::LocalOffLocalhost(SECRET_VAR, "https://envinorma.example.fr".into())
        );
        // Even with a secret of its own: local mode means plain-HTTP cookies.
        assert_eq!(
            config(&[
                (ENV_VAR, "local"),
                (SECRET_VAR, SECRET),
                (BASE_URL_VAR, "http://10.0.0.5:3000")
            ])
            .unwrap_err(),
            ConfigError::LocalOffLocalhost(SECRET_VAR, "http://10.0.0.5:3000".into())
        );
        for url in [
            "http://localhost:8080",
            "http://127.0.0.1:3000",
            "http://[::1]:3000",
        ] {
            assert!(
                config(&[(ENV_VAR, "local"), (BASE_URL_VAR, url)]).is_ok(),
                "{url}"
            );
        }
        assert!(
            config(&[
                (SECRET_VAR, SECRET),
                (CONTACT_EMAIL_VAR, CONTACT),
                (LAMBDA_VAR, "envinorma-web")
            ])
            .is_ok()
        );
    }

    #[test]
    fn cookies_are_secure_everywhere_but_on_localhost() {
        let deployed = config(&[(SECRET_VAR, SECRET), (CONTACT_EMAIL_VAR, CONTACT)]).unwrap();
        assert!(deployed.secure && deployed.base_url.is_none());
        let public = config(&[
            (SECRET_VAR, SECRET),
            (CONTACT_EMAIL_VAR, CONTACT),
            (BASE_URL_VAR, "https://envinorma.example.fr/"),
        ])
        .unwrap();
        assert_eq!(
            public.base_url.as_deref(),
            Some("https://envinorma.example.fr")
        );
        assert!(public.secure);
        let loopback = config(&[
            (SECRET_VAR, SECRET),
            (CONTACT_EMAIL_VAR, CONTACT),
            (BASE_URL_VAR, "http://127.0.0.1:8080"),
        ]);
        assert!(!loopback.unwrap().secure);
    }

    #[test]
    fn urls_with_paths_or_other_schemes_are_refused() {
        for url in [
            "ftp://x.fr",
            "https://x.fr/app",
            "https://",
            "https://x.fr\"; a",
        ] {
            assert!(
                matches!(
                    config(&[
                        (SECRET_VAR, SECRET),
                        (CONTACT_EMAIL_VAR, CONTACT),
                        (BASE_URL_VAR, url)
                    ]),
                    Err(ConfigError::InvalidUrl(..))
                ),
                "{url}"
            );
        }
    }

    #[test]
    fn the_secret_never_shows_in_debug_output() {
        let printed = format!(
            "{:?}",
            config(&[(SECRET_VAR, SECRET), (CONTACT_EMAIL_VAR, CONTACT)]).unwrap()
        );
        assert!(!printed.contains(SECRET) && printed.contains("<redacted>"));
    }

    #[test]
    fn a_deployed_stack_needs_a_contact_address_and_local_development_does_not() {
        assert_eq!(
            config(&[(SECRET_VAR, SECRET)]).unwrap_err(),
            ConfigError::MissingContactEmail
        );
        assert_eq!(config(&[(ENV_VAR, "local")]).unwrap().contact_email, None);
        let deployed = config(&[(SECRET_VAR, SECRET), (CONTACT_EMAIL_VAR, " a.b+c@x-y.fr ")]);
        assert_eq!(
            deployed
                .unwrap()
                .contact_email
                .as_ref()
                .map(ContactEmail::as_str),
            Some("a.b+c@x-y.fr")
        );
    }

    #[test]
    fn contact_addresses_that_could_inject_into_a_link_are_refused() {
        for email in [
            "nobody",
            "a@b",
            "@x.fr",
            "a@b@x.fr",
            "a@x.fr?cc=b@y.fr",
            "a\"@x.fr",
            "a b@x.fr",
        ] {
            assert_eq!(
                config(&[(ENV_VAR, "local"), (CONTACT_EMAIL_VAR, email)]).unwrap_err(),
                ConfigError::InvalidContactEmail(email.to_string()),
                "{email}"
            );
        }
    }

    #[test]
    fn the_source_url_is_an_http_url_with_any_path() {
        let local = |url: &str| config(&[(ENV_VAR, "local"), (SOURCE_URL_VAR, url)]);
        assert_eq!(local("").unwrap().source_url, None);
        assert_eq!(
            local("https://git.example.fr/envinorma/envinorma-rs")
                .unwrap()
                .source_url
                .as_deref(),
            Some("https://git.example.fr/envinorma/envinorma-rs")
        );
        for url in [
            "git@x.fr:a/b",
            "https://",
            "https://x.fr/a b",
            "https://x.fr/\"><script>",
        ] {
            assert_eq!(
                local(url).unwrap_err(),
                ConfigError::InvalidSourceUrl(url.to_string()),
                "{url}"
            );
        }
    }
}
