//! The models the templates render.

use crate::auth::Session;
use crate::error::BoError;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use envinorma_web::security::CsrfToken;

/// What every page shows around its content: the header (with the signed-in editor and the
/// logout button, whose form carries the CSRF token) and the footer.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The page's own title; the `<title>` adds " - Envinorma back-office".
    pub title: String,
    pub editor: Option<SignedIn>,
}

/// The signed-in editor, as pages show them.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub login: String,
    pub csrf: CsrfToken,
}

impl Layout {
    /// The layout of a page seen without session (login, errors).
    pub fn anonymous(title: impl Into<String>) -> Layout {
        Layout {
            title: title.into(),
            editor: None,
        }
    }

    /// The layout of a signed-in editor's page.
    pub fn signed_in(title: impl Into<String>, session: &Session) -> Layout {
        Layout {
            title: title.into(),
            editor: Some(SignedIn {
                login: session.editor.login.clone(),
                csrf: session.csrf.clone(),
            }),
        }
    }

    /// The URL of an embedded asset (`dsfr/dsfr.min.css`).
    pub fn asset(&self, path: &str) -> String {
        envinorma_web::assets::url(path)
    }
}

/// The one way a page is answered.
pub fn render(status: StatusCode, page: &impl Template) -> Result<Response, BoError> {
    Ok((status, Html(page.render()?)).into_response())
}

/// A form page's status: 422 when it shows why something was refused.
pub fn form_status(errors: &[String]) -> StatusCode {
    match errors.is_empty() {
        true => StatusCode::OK,
        false => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// One option of a `<select>`.
pub struct SelectOption {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

impl SelectOption {
    pub fn all(options: &[(&'static str, &'static str)], current: &str) -> Vec<SelectOption> {
        options
            .iter()
            .map(|&(value, label)| SelectOption {
                value,
                label,
                selected: value == current,
            })
            .collect()
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub heading: &'static str,
    pub message: String,
}
