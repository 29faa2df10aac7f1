//! `/am/{cid}`: one AM, its metadata and its last changes.

use crate::auth::Session;
use crate::error::BoError;
use crate::state::BoState;
use crate::views::{Layout, render};
use askama::Template;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use envinorma_core::authoring::{AmMetadata, AmState};
use envinorma_db::bo::{self, Edit};
use envinorma_web::security::CsrfToken;

/// The changes an AM's page lists.
const SHOWN_EDITS: i64 = 20;

#[derive(Template)]
#[template(path = "am.html")]
struct AmPage {
    layout: Layout,
    csrf: CsrfToken,
    /// In force or being created: the only AMs that can be deleted.
    deletable: bool,
    metadata: AmMetadata,
    sections: usize,
    edits: Vec<Edit>,
}

pub async fn show(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path(cid): Path<String>,
) -> Result<Response, BoError> {
    let db = state.db().await?;
    let documents = bo::documents(&db, &cid).await?.ok_or(BoError::NotFound)?;
    let page = AmPage {
        layout: Layout::signed_in(cid.clone(), &session),
        csrf: session.csrf.clone(),
        deletable: matches!(
            documents.metadata.state,
            AmState::Vigueur | AmState::EnCreation
        ),
        sections: documents.text.all_sections().count(),
        metadata: documents.metadata,
        edits: bo::edits(&db, &cid, SHOWN_EDITS).await?,
    };
    render(StatusCode::OK, &page)
}
