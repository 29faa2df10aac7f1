//! The routes, one module per group.

mod pages;
mod static_files;

use crate::error::WebError;
use crate::state::AppState;
use axum::Router;

/// Every route of the app (security middleware excluded: see [`crate::router`]).
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(pages::routes())
        .merge(static_files::routes())
        .fallback(|| async { WebError::NotFound })
}
