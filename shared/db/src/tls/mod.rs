//! PostgreSQL over TLS with libpq's `sslmode` meanings, on rustls.
//!
//! tokio-postgres knows `disable`, `prefer` and `require` but refuses `verify-ca`,
//! `verify-full` and `sslrootcert`: [`TlsSettings::take_from_url`] takes those out of the URL
//! before the driver parses it, and the certificate checks live in our verifier
//! ([`verify::PgVerifier`]) rather than in the driver.

mod stream;
mod verify;

use crate::config::ConfigError;
use rustls::RootCertStore;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use std::path::{Path, PathBuf};
use std::sync::Arc;
pub use stream::{TlsConnector, TlsStream};
use tokio_postgres::config::SslMode as DriverSslMode;
use verify::{Check, PgVerifier};

/// libpq's `sslmode` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    /// Plain connections only.
    Disable,
    /// TLS when the server offers it, else plain; the certificate is not checked (libpq's default).
    Prefer,
    /// TLS or no connection; the certificate is not checked, unless `sslrootcert` is given
    /// (then as `VerifyCa`, as libpq does).
    Require,
    /// TLS, the certificate chain checked against the roots, the host name not.
    VerifyCa,
    /// TLS, the certificate chain and the host name checked.
    VerifyFull,
}

impl SslMode {
    fn parse(value: &str) -> Result<SslMode, ConfigError> {
        match value {
            "disable" => Ok(SslMode::Disable),
            "prefer" => Ok(SslMode::Prefer),
            "require" => Ok(SslMode::Require),
            "verify-ca" => Ok(SslMode::VerifyCa),
            "verify-full" => Ok(SslMode::VerifyFull),
            other => Err(ConfigError::InvalidSslMode(other.to_string())),
        }
    }

    /// What the driver does with the server's answer to its TLS request: it never sees the
    /// verifying modes, which are `require` plus checks made by our verifier.
    pub(crate) fn driver_mode(self) -> DriverSslMode {
        match self {
            SslMode::Disable => DriverSslMode::Disable,
            SslMode::Prefer => DriverSslMode::Prefer,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => DriverSslMode::Require,
        }
    }
}

/// The TLS parameters of a `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsSettings {
    /// `sslmode`, `prefer` when absent (libpq's default).
    pub mode: SslMode,
    /// `sslrootcert`: a PEM file of trusted roots; absent, or `system`, means the system's roots.
    pub root_cert: Option<PathBuf>,
}

impl TlsSettings {
    /// Takes `sslmode` and `sslrootcert` out of a `postgres://` URL's query string and gives the
    /// rest of the URL back, for tokio-postgres to parse. Other strings (key=value) are left
    /// whole: the driver reads their `sslmode` itself, and the verifying modes need a URL.
    pub fn take_from_url(url: &str) -> Result<(String, TlsSettings), ConfigError> {
        let mut settings = TlsSettings {
            mode: SslMode::Prefer,
            root_cert: None,
        };
        let is_url = url.starts_with("postgres://") || url.starts_with("postgresql://");
        let Some((base, query)) = url.split_once('?').filter(|_| is_url) else {
            return Ok((url.to_string(), settings));
        };
        let mut kept = Vec::new();
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |text: &str, what: &str| {
                urlencoding::decode(text)
                    .map(|text| text.into_owned())
                    .map_err(|_| ConfigError::InvalidUrl(format!("{what} is not valid UTF-8")))
            };
            match decode(key, "a parameter name")?.as_str() {
                "sslmode" => settings.mode = SslMode::parse(&decode(value, "sslmode")?)?,
                "sslrootcert" => {
                    let path = decode(value, "sslrootcert")?;
                    settings.root_cert = (path != "system").then(|| PathBuf::from(path));
                }
                _ => kept.push(pair),
            }
        }
        let rest = if kept.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        Ok((rest, settings))
    }

    /// The connector these settings call for; reads the roots now, so that a missing or
    /// unreadable file is a configuration error at start-up, not a failure of every connection.
    pub fn connector(&self) -> Result<TlsConnector, ConfigError> {
        let check = match (self.mode, &self.root_cert) {
            (SslMode::Disable | SslMode::Prefer, _) | (SslMode::Require, None) => Check::Nothing,
            (SslMode::Require | SslMode::VerifyCa, _) => Check::Chain(self.roots()?),
            (SslMode::VerifyFull, _) => Check::ChainAndName(self.roots()?),
        };
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let verifier = PgVerifier::new(check, &provider);
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| ConfigError::Tls(e.to_string()))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        Ok(TlsConnector::new(config))
    }

    fn roots(&self) -> Result<Arc<RootCertStore>, ConfigError> {
        let certs = match &self.root_cert {
            Some(path) => read_pem_bundle(path)?,
            None => system_roots()?,
        };
        let mut roots = RootCertStore::empty();
        let (added, _ignored) = roots.add_parsable_certificates(certs);
        if added == 0 {
            return Err(ConfigError::RootCert {
                path: self.root_cert_name(),
                reason: "no usable certificate".into(),
            });
        }
        Ok(Arc::new(roots))
    }

    fn root_cert_name(&self) -> String {
        self.root_cert
            .as_ref()
            .map_or_else(|| "system".into(), |path| path.display().to_string())
    }
}

fn read_pem_bundle(path: &Path) -> Result<Vec<CertificateDer<'static>>, ConfigError> {
    let error = |reason: String| ConfigError::RootCert {
        path: path.display().to_string(),
        reason,
    };
    CertificateDer::pem_file_iter(path)
        .map_err(|e| error(e.to_string()))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| error(e.to_string()))
}

/// The operating system's trusted roots (Debian's and Amazon Linux's CA bundles alike).
fn system_roots() -> Result<Vec<CertificateDer<'static>>, ConfigError> {
    let found = rustls_native_certs::load_native_certs();
    if found.certs.is_empty() {
        let reason = match found.errors.first() {
            Some(error) => format!("no system root certificate could be read ({error})"),
            None => "the system has no root certificate".into(),
        };
        return Err(ConfigError::RootCert {
            path: "system".into(),
            reason,
        });
    }
    Ok(found.certs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn take(url: &str) -> (String, TlsSettings) {
        TlsSettings::take_from_url(url).unwrap()
    }

    #[test]
    fn sslmode_and_sslrootcert_leave_the_url_and_other_parameters_stay() {
        let (rest, settings) = take(
            "postgres://u:p@db:5432/x?sslmode=verify-full&application_name=a&sslrootcert=%2Fetc%2Frds.pem",
        );
        assert_eq!(rest, "postgres://u:p@db:5432/x?application_name=a");
        assert_eq!(settings.mode, SslMode::VerifyFull);
        assert_eq!(settings.root_cert, Some(PathBuf::from("/etc/rds.pem")));
        let (rest, settings) = take("postgres://db/x?sslmode=disable");
        assert_eq!(
            (rest.as_str(), settings.mode),
            ("postgres://db/x", SslMode::Disable)
        );
    }

    #[test]
    fn without_sslmode_tls_is_preferred_as_libpq_does() {
        let (_, settings) = take("postgres://db/x");
        assert_eq!(settings.mode, SslMode::Prefer);
        assert_eq!(settings.mode.driver_mode(), DriverSslMode::Prefer);
    }

    #[test]
    fn an_unknown_sslmode_is_named_in_the_error() {
        let error =
            TlsSettings::take_from_url("postgres://u:s3cr3t@db/x?sslmode=verify").unwrap_err();
        assert_eq!(error, ConfigError::InvalidSslMode("verify".into()));
        let shown = error.to_string();
        assert!(
            shown.contains("sslmode") && !shown.contains("s3cr3t"),
            "{shown}"
        );
    }

    #[test]
    fn an_unreadable_root_file_is_an_error_naming_sslrootcert_and_its_path() {
        let (_, settings) = take("postgres://db/x?sslmode=verify-full&sslrootcert=/nowhere/ca.pem");
        let error = settings.connector().err().unwrap();
        let shown = error.to_string();
        assert!(
            shown.contains("sslrootcert") && shown.contains("/nowhere/ca.pem"),
            "{shown}"
        );
    }

    #[test]
    fn a_root_file_without_certificates_is_refused() {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), "not a certificate\n").unwrap();
        let url = format!(
            "postgres://db/x?sslmode=verify-ca&sslrootcert={}",
            file.path().display()
        );
        let (_, settings) = take(&url);
        let shown = settings.connector().err().unwrap().to_string();
        assert!(shown.contains("no usable certificate"), "{shown}");
    }
}
