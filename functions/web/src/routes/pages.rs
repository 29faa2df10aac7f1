//! Pages that need no data: home (the installation search), about, FAQ.

use crate::error::WebError;
use crate::state::AppState;
use crate::views::layout::NavItem;
use crate::views::pages::{AboutPage, FaqPage, FoundInstallation, HomePage, layout_for};
use crate::views::render;
use crate::visitor::Visitor;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

/// Also where users land after some redirections: their flash message shows here.
pub async fn home(Extension(visitor): Extension<Visitor>) -> Result<Response, WebError> {
    home_page(&visitor, String::new(), None)
}

/// The home page of `visitor`, with the installations `found` for `query` when one was sent.
pub fn home_page(
    visitor: &Visitor,
    query: String,
    found: Option<Vec<FoundInstallation>>,
) -> Result<Response, WebError> {
    let layout = visitor.layout("Rechercher une installation", NavItem::Search);
    render(
        StatusCode::OK,
        &HomePage {
            layout,
            query,
            found,
        },
    )
}

pub async fn page(
    State(state): State<AppState>,
    Path(page): Path<String>,
) -> Result<Response, WebError> {
    let contact = state.config.contact_email.as_ref().map(|e| e.as_str());
    match page.as_str() {
        "about" => render(
            StatusCode::OK,
            &AboutPage {
                layout: layout_for("À propos", NavItem::About),
                contact,
                source_url: state.config.source_url.as_deref(),
            },
        ),
        "faq" => render(
            StatusCode::OK,
            &FaqPage {
                layout: layout_for("Foire aux questions", NavItem::Faq),
                contact,
            },
        ),
        _ => Err(WebError::NotFound),
    }
}
