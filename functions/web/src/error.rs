//! The errors a request can end with, each mapped once to a status and a French page.

use crate::views::layout::Layout;
use crate::views::pages::ErrorPage;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("not found")]
    NotFound,
    /// The user may not see or change this (another user's installation).
    #[error("forbidden")]
    Forbidden,
    /// An unsafe request without a valid CSRF token.
    #[error("missing or invalid CSRF token")]
    CsrfRejected,
    /// Invalid input; the message is French and shown to the user.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A failure of ours; the details are logged, never shown.
    #[error("internal error: {0}")]
    Internal(String),
}

impl WebError {
    /// The HTTP status of the error.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Forbidden | WebError::CsrfRejected => StatusCode::FORBIDDEN,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The page's heading and message.
    fn texts(&self) -> (&'static str, String) {
        match self {
            WebError::NotFound => (
                "Page non trouvée",
                "La page que vous cherchez n’existe pas ou n’est plus disponible. Vérifiez \
                 l’adresse, ou repartez de la page d’accueil."
                    .into(),
            ),
            WebError::Forbidden => (
                "Accès refusé",
                "Désolé, vous n’êtes pas autorisé à accéder à cette page".into(),
            ),
            WebError::CsrfRejected => (
                "Accès refusé",
                "Ce formulaire a expiré ou ne provient pas d’Envinorma. Rechargez la page, puis \
                 recommencez."
                    .into(),
            ),
            WebError::BadRequest(message) => ("Requête invalide", message.clone()),
            WebError::Internal(_) => (
                "Erreur inattendue",
                "Désolé, le service rencontre un problème. Réessayez dans quelques instants."
                    .into(),
            ),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let WebError::Internal(details) = &self {
            tracing::error!(%details, "request failed");
        }
        let (heading, message) = self.texts();
        error_page(status, heading, message)
    }
}

/// An error page with the layout.
pub fn error_page(status: StatusCode, heading: &str, message: String) -> Response {
    let page = ErrorPage {
        layout: Layout::new(heading),
        status: status.as_u16(),
        heading: heading.to_string(),
        message,
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(error) => {
            tracing::error!(%error, "cannot render the error page");
            (status, heading.to_string()).into_response()
        }
    }
}

impl From<envinorma_db::DbError> for WebError {
    fn from(error: envinorma_db::DbError) -> WebError {
        WebError::Internal(error.to_string())
    }
}

impl From<askama::Error> for WebError {
    fn from(error: askama::Error) -> WebError {
        WebError::Internal(format!("template: {error}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_has_its_status() {
        assert_eq!(WebError::NotFound.status(), StatusCode::NOT_FOUND);
        assert_eq!(WebError::Forbidden.status(), StatusCode::FORBIDDEN);
        assert_eq!(WebError::CsrfRejected.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            WebError::BadRequest("x".into()).status(),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            WebError::Internal("x".into()).status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn internal_details_stay_out_of_the_page() {
        let (_, message) = WebError::Internal("password=hunter2".into()).texts();
        assert!(!message.contains("hunter2"));
    }
}
