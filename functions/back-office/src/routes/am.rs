//! `/am/{cid}`: one AM, its metadata and its last changes.

use crate::auth::Session;
use crate::error::BoError;
use crate::state::BoState;
use crate::views::{Layout, render};
use askama::Template;
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use envinorma_core::authoring::{AmMetadata, AmState};
use envinorma_db::bo::{self, Edit};
use envinorma_web::security::CsrfToken;
use serde::Deserialize;

/// The changes an AM's page lists.
const SHOWN_EDITS: i64 = 20;

/// What the page tells of the action that led to it: a fixed sentence named by the query
/// (`?message=texte`), never text taken from the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    TextSaved,
    Unchanged,
}

impl Notice {
    const ALL: [Notice; 2] = [Notice::TextSaved, Notice::Unchanged];

    /// Its name in the query.
    fn name(self) -> &'static str {
        match self {
            Notice::TextSaved => "texte",
            Notice::Unchanged => "inchange",
        }
    }

    fn sentence(self) -> &'static str {
        match self {
            Notice::TextSaved => "Le texte a été enregistré.",
            Notice::Unchanged => "Le texte n’a pas changé : rien n’a été enregistré.",
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct AmQuery {
    message: Option<String>,
}

/// The AM page's path, with its notice.
pub(super) fn path(cid: &str, notice: Option<Notice>) -> String {
    let page = format!("/am/{}", urlencoding::encode(cid));
    match notice {
        Some(notice) => format!("{page}?message={}", notice.name()),
        None => page,
    }
}

#[derive(Template)]
#[template(path = "am.html")]
struct AmPage {
    layout: Layout,
    csrf: CsrfToken,
    /// In force or being created: the only AMs that can be deleted.
    deletable: bool,
    notice: Option<&'static str>,
    text_path: String,
    parametrization_path: String,
    topics_path: String,
    compare_path: String,
    metadata: AmMetadata,
    sections: usize,
    edits: Vec<Edit>,
}

pub async fn show(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path(cid): Path<String>,
    Query(query): Query<AmQuery>,
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
        notice: Notice::ALL
            .into_iter()
            .find(|notice| query.message.as_deref() == Some(notice.name()))
            .map(Notice::sentence),
        text_path: super::text::path(&cid),
        parametrization_path: crate::parametrization::paths::overview(&cid),
        topics_path: super::topics::path(&cid),
        compare_path: super::compare::path(&cid),
        sections: documents.text.all_sections().count(),
        metadata: documents.metadata,
        edits: bo::edits(&db, &cid, SHOWN_EDITS).await?,
    };
    render(StatusCode::OK, &page)
}
