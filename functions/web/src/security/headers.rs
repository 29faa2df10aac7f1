//! Security headers on every response, and no caching of pages.

use crate::config::Config;
use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

/// The Content-Security-Policy: our own scripts, styles, fonts and images only (the DSFR
/// draws some icons with `data:` URLs), no inline script or style, never framed. `<object>`
/// shows AP PDFs: ours, or from `ap_pdf_origin` when the PDF route redirects to a bucket.
pub fn content_security_policy(config: &Config) -> String {
    let objects = match &config.ap_pdf_origin {
        Some(origin) => format!("'self' {origin}"),
        None => "'self'".to_string(),
    };
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; object-src {objects}; frame-src {objects}; \
         frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    )
}

/// Two years, the usual preload value; only sent over HTTPS (browsers ignore it otherwise,
/// and it would pin localhost to HTTPS).
const HSTS: &str = "max-age=63072000";

/// Adds the security headers to every response of `router` (`csp` its Content-Security-Policy,
/// HSTS when `secure`), and `Cache-Control: no-store` to responses that set no cache policy of
/// their own (pages: they depend on the user). The back-office's router gets them too.
pub fn with_security_headers<S>(router: Router<S>, csp: &str, secure: bool) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    let mut fixed: Vec<(HeaderName, HeaderValue)> = vec![
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ];
    // The policy is built from checked origins (see config): only ASCII header characters.
    if let Ok(csp) = HeaderValue::from_str(csp) {
        fixed.push((header::CONTENT_SECURITY_POLICY, csp));
    }
    if secure {
        fixed.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        ));
    }
    let mut router = router.layer(SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    ));
    for (name, value) in fixed {
        router = router.layer(SetResponseHeaderLayer::overriding(name, value));
    }
    router
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_no_inline_code_and_no_framing() {
        let csp = content_security_policy(&Config::local());
        assert!(csp.starts_with("default-src 'self';"));
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(csp.contains("object-src 'self';"));
    }

    #[test]
    fn a_bucket_origin_is_allowed_for_pdfs_only() {
        let config = Config {
            ap_pdf_origin: Some("https://bucket.example.com".into()),
            ..Config::local()
        };
        let csp = content_security_policy(&config);
        assert!(csp.contains("object-src 'self' https://bucket.example.com;"));
        assert!(csp.contains("script-src 'self';"));
    }
}
