//! Views: the models the templates render, built by pure functions from core and page data.

pub mod am_reading;
pub mod ap_reading;
pub mod ap_search;
pub mod arretes;
pub mod format;
pub mod installation;
pub mod layout;
pub mod pages;
pub mod recap;
pub mod rich_text;
pub mod table;
pub mod user_installations;

pub use am_reading::{AmReading, AmView};
pub use ap_reading::ApView;
pub use arretes::{ArretesInput, ArretesPage};
pub use installation::{InstallationInput, InstallationPage, Viewer};
pub use layout::{Layout, NavItem};

use crate::error::WebError;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// The one way a page is answered: its template rendered, with `status` (422 when a form
/// comes back with its messages). A template that cannot render is a 500 of ours.
pub fn render(status: StatusCode, page: &impl Template) -> Result<Response, WebError> {
    Ok((status, Html(page.render()?)).into_response())
}
