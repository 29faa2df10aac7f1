//! The editors' back-office, served by a Lambda function URL: the AMs as editors keep them (in
//! the schema `bo` of the one database) and their publication to the `am` bucket, which
//! am-import turns into what the web app reads.
//!
//! Every request needs a signed-in editor but the login page's; every unsafe one a CSRF token.

pub mod auth;
pub mod catalogue;
pub mod config;
mod editing;
pub mod error;
mod forms;
mod parametrization;
pub mod piste;
pub mod preview;
pub mod publish;
mod routes;
pub mod seed;
pub mod state;
pub mod views;

pub use config::Config;
pub use error::BoError;
pub use routes::{TOO_MANY_FAILURES, WRONG_CREDENTIALS};
pub use state::BoState;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use envinorma_web::security::headers::with_security_headers;
use tower::Layer;
use tower_http::trace::TraceLayer;

/// The back-office's policy: our own scripts, styles and fonts only, never framed.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
    frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/// The back-office: its routes behind the sign-in and CSRF guard, with the web app's security
/// headers and request tracing.
pub fn router(state: BoState) -> Router {
    // The handlers' forms are read up to the guard's limit (axum's default is 2 MB).
    let routes = routes::routes()
        .fallback(async || BoError::NotFound)
        .layer(DefaultBodyLimit::max(auth::MAX_FORM_BYTES))
        .with_state(state.clone());
    // Around the routing, so that no path, not even an unknown one, escapes the guard.
    let guarded = axum::middleware::from_fn_with_state(state.clone(), auth::guard).layer(routes);
    let app = Router::new().fallback_service(guarded);
    with_security_headers(app, CONTENT_SECURITY_POLICY, state.config.site.secure)
        .layer(TraceLayer::new_for_http())
}
