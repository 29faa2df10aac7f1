//! The routes, one module per group.

mod installations;
mod pages;
mod static_files;
mod user_installations;

use crate::error::WebError;
use crate::state::AppState;
use crate::visitor::identify;
use axum::Router;
use axum::middleware::from_fn_with_state;

/// Every route of the app (security middleware excluded: see [`crate::router`]). Pages know
/// their visitor; static files do not need to.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .merge(pages::routes())
        .merge(installations::routes())
        .merge(user_installations::routes())
        .fallback(|| async { WebError::NotFound })
        .layer(from_fn_with_state(state.clone(), identify))
        .merge(static_files::routes())
}
