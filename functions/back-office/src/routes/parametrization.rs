//! `/am/{cid}/parametrage`: an AM's parametrization at a glance, with the links to its editors.

use crate::auth::Session;
use crate::error::BoError;
use crate::parametrization::{Card, CardBody, Kind, Overview, paths};
use crate::state::BoState;
use crate::views::{Layout, render};
use askama::Template;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use envinorma_core::authoring::structure::Change;

#[derive(Template)]
#[template(path = "parametrization.html")]
struct OverviewPage {
    layout: Layout,
    cid: String,
    title: String,
    overview: Overview,
}

impl OverviewPage {
    fn kinds(&self) -> [Kind; 3] {
        Kind::ALL
    }

    fn am_path(&self) -> String {
        super::am::path(&self.cid, None)
    }

    fn preview_path(&self) -> String {
        format!("/am/{}/apercu", urlencoding::encode(&self.cid))
    }

    fn new_path(&self, kind: &Kind) -> String {
        paths::editor(&self.cid, *kind, None)
    }

    fn edit_path(&self, card: &Card) -> String {
        paths::editor(&self.cid, card.kind, Some(&card.id))
    }

    fn copy_path(&self, card: &Card) -> String {
        paths::copy(&self.cid, card.kind, &card.id)
    }

    fn applicability_path(&self) -> String {
        paths::applicability(&self.cid)
    }
}

pub async fn show(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path(cid): Path<String>,
) -> Result<Response, BoError> {
    let documents = super::text::saved(&state.db().await?, &cid).await?;
    let page = OverviewPage {
        layout: Layout::signed_in(format!("Paramétrage de {cid}"), &session),
        title: documents.text.title.text.clone(),
        overview: Overview::of(&documents),
        cid,
    };
    render(StatusCode::OK, &page)
}
