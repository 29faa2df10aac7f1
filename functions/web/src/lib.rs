//! The inspectors' web app, served by a Lambda function URL: an axum router with
//! server-rendered French pages (DSFR), signed cookies, CSRF protection and security headers.
//!
//! [`router`] is the whole app: the Lambda (`main.rs`), the local runner and the tests serve
//! the same router.
//!
//! Building this crate needs the DSFR from npm: `build.rs` embeds the parts the pages use from
//! `<workspace root>/node_modules/@gouvfr/dsfr/dist` (or `$ENVINORMA_NODE_MODULES`) and stops
//! with "run `make deps` (npm ci)" when it is missing.

pub mod access;
pub mod am_cache;
pub mod ap_search;
pub mod assets;
pub mod config;
pub mod error;
pub mod exports;
pub mod flash;
pub mod forms;
pub mod paths;
pub mod recap;
mod routes;
pub mod security;
pub mod selection;
pub mod state;
pub mod views;
pub mod visitor;

pub use config::Config;
pub use error::WebError;
pub use routes::static_files::static_file;
pub use state::AppState;

use axum::Router;
use axum::response::{IntoResponse, Response};
use std::any::Any;
use tower::Layer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;

/// The app: routes wrapped in the CSRF check (outside routing, so that `_method` overrides
/// are routed), a French 500 page for panics, security headers and request tracing.
pub fn router(state: AppState) -> Router {
    let routes = routes::routes(&state)
        .route_layer(axum::middleware::from_fn_with_state(
            "web",
            envinorma_observe::page_views::count,
        ))
        .with_state(state.clone());
    let protected =
        axum::middleware::from_fn_with_state(state.clone(), security::csrf::protect).layer(routes);
    let app = Router::new()
        .fallback_service(protected)
        .layer(CatchPanicLayer::custom(panic_page));
    let csp = security::headers::content_security_policy(&state.config);
    security::headers::with_security_headers(app, &csp, state.config.secure)
        .layer(TraceLayer::new_for_http())
}

/// A bug must not leave the user with a blank page (nor a Lambda error).
fn panic_page(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    WebError::Internal(format!("panic: {message}")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

    #[tokio::test]
    async fn a_panic_becomes_a_french_500_page_without_details() {
        let response = panic_page(Box::new("secret detail"));
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let html = String::from_utf8(body.to_vec()).unwrap();
        assert!(html.contains("Erreur inattendue") && html.contains("lang=\"fr\""));
        assert!(!html.contains("secret detail"));
    }
}
