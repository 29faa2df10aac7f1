//! The errors a request can end with, each mapped once to a status and a French page.

use crate::views::{ErrorPage, Layout, render};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use envinorma_web::error::error_chain;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum BoError {
    #[error("not found")]
    NotFound,
    /// An unsafe request without a valid CSRF token.
    #[error("missing or invalid CSRF token")]
    CsrfRejected,
    /// Invalid input; the message is French and shown to the editor.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A change the AM's state does not allow; the message is French and shown.
    #[error("refused: {0}")]
    Refused(String),
    #[error("database")]
    Database(#[from] envinorma_db::DbError),
    #[error("template")]
    Template(#[from] askama::Error),
    /// A failure of ours; the details are logged, never shown.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<envinorma_db::tokio_postgres::Error> for BoError {
    fn from(error: envinorma_db::tokio_postgres::Error) -> BoError {
        BoError::Database(error.into())
    }
}

impl BoError {
    pub fn status(&self) -> StatusCode {
        match self {
            BoError::NotFound => StatusCode::NOT_FOUND,
            BoError::CsrfRejected => StatusCode::FORBIDDEN,
            BoError::BadRequest(_) => StatusCode::BAD_REQUEST,
            BoError::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
            BoError::Database(_) | BoError::Template(_) | BoError::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    fn texts(&self) -> (&'static str, String) {
        match self {
            BoError::NotFound => (
                "Page non trouvée",
                "Cette page n’existe pas : vérifiez l’adresse, ou repartez de la liste des arrêtés."
                    .into(),
            ),
            BoError::CsrfRejected => (
                "Accès refusé",
                "Ce formulaire a expiré ou ne provient pas du back-office. Rechargez la page, \
                 puis recommencez."
                    .into(),
            ),
            BoError::BadRequest(message) => ("Requête invalide", message.clone()),
            BoError::Refused(message) => ("Action impossible", message.clone()),
            BoError::Database(_) | BoError::Template(_) | BoError::Internal(_) => (
                "Erreur inattendue",
                "Désolé, le service rencontre un problème. Réessayez dans quelques instants."
                    .into(),
            ),
        }
    }
}

impl IntoResponse for BoError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(details = %error_chain(&self), "back-office request failed");
        }
        let (heading, message) = self.texts();
        let page = ErrorPage {
            layout: Layout::anonymous(heading),
            heading,
            message,
        };
        render(status, &page).unwrap_or_else(|error| {
            tracing::error!(details = %error_chain(&error), "cannot render the error page");
            (status, heading).into_response()
        })
    }
}
