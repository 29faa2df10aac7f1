//! Pages that need no data: home (the installation search), about, FAQ.

use crate::error::WebError;
use crate::state::AppState;
use crate::views::layout::NavItem;
use crate::views::pages::{AboutPage, FaqPage, HomePage, layout_for};
use crate::visitor::Visitor;
use askama::Template;
use axum::extract::Path;
use axum::response::Html;
use axum::routing::get;
use axum::{Extension, Router};

/// The page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/installations", get(home))
        .route("/pages/{page}", get(page))
}

/// Also where users land after some redirections: their flash message shows here.
async fn home(Extension(visitor): Extension<Visitor>) -> Result<Html<String>, WebError> {
    let layout = visitor.layout("Rechercher une installation", NavItem::Search);
    Ok(Html(HomePage { layout }.render()?))
}

async fn page(Path(page): Path<String>) -> Result<Html<String>, WebError> {
    let html = match page.as_str() {
        "about" => AboutPage {
            layout: layout_for("À propos", NavItem::About),
        }
        .render()?,
        "faq" => FaqPage {
            layout: layout_for("Foire aux questions", NavItem::Faq),
        }
        .render()?,
        _ => return Err(WebError::NotFound),
    };
    Ok(Html(html))
}
