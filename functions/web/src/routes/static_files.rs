//! `/static/<hash>/<path>`: the embedded assets, cached forever (the hash changes with them).

use crate::assets::{self, ASSETS_HASH};
use crate::error::WebError;
use crate::paths;
use crate::state::AppState;
use axum::Router;
use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// One year, and `immutable`: browsers never revalidate a hashed URL.
const FOREVER: &str = "public, max-age=31536000, immutable";

/// The static asset routes.
pub fn routes() -> Router<AppState> {
    Router::new().route(paths::STATIC_FILE, get(static_file))
}

/// One embedded asset (the back-office serves them too).
pub async fn static_file(Path((hash, path)): Path<(String, String)>) -> Response {
    // An old hash would get today's files under a URL cached as another version's.
    let asset = (hash == ASSETS_HASH).then(|| assets::get(&path)).flatten();
    match asset {
        Some(asset) => (
            [(CONTENT_TYPE, asset.content_type), (CACHE_CONTROL, FOREVER)],
            asset.bytes,
        )
            .into_response(),
        None => WebError::NotFound.into_response(),
    }
}
