//! `/`: the AM catalogue.

use crate::auth::Session;
use crate::catalogue::Catalogue;
use crate::error::BoError;
use crate::state::BoState;
use crate::views::{Layout, render};
use askama::Template;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::Response;
use envinorma_db::bo;

#[derive(Template)]
#[template(path = "catalogue.html")]
struct CataloguePage {
    layout: Layout,
    catalogue: Catalogue,
}

pub async fn show(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
) -> Result<Response, BoError> {
    let ams = bo::all_metadata(&state.db().await?).await?;
    let counts = state.classement_counts().await?;
    let page = CataloguePage {
        layout: Layout::signed_in("Liste des arrêtés", &session),
        catalogue: Catalogue::new(&ams, &counts),
    };
    render(StatusCode::OK, &page)
}
