//! The errors a request can end with, each mapped once to a status and a French page.

use crate::views::layout::Layout;
use crate::views::pages::ErrorPage;
use crate::views::render;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

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
    /// The database failed (a statement, the pool); logged with its causes, never shown.
    #[error("database")]
    Database(#[from] envinorma_db::DbError),
    /// A page could not be rendered (a template bug); logged, never shown.
    #[error("template")]
    Template(#[from] askama::Error),
    /// A failure of ours; the details are logged, never shown.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<tokio_postgres::Error> for WebError {
    fn from(error: tokio_postgres::Error) -> WebError {
        WebError::Database(error.into())
    }
}

impl From<deadpool_postgres::PoolError> for WebError {
    fn from(error: deadpool_postgres::PoolError) -> WebError {
        WebError::Database(error.into())
    }
}

impl WebError {
    /// The HTTP status of the error.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Forbidden | WebError::CsrfRejected => StatusCode::FORBIDDEN,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Database(_) | WebError::Template(_) | WebError::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    /// The error and its causes, outermost first: what the log says of a failure of ours.
    pub fn chain(&self) -> String {
        error_chain(self)
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
            WebError::Database(_) | WebError::Template(_) | WebError::Internal(_) => (
                "Erreur inattendue",
                "Désolé, le service rencontre un problème. Réessayez dans quelques instants."
                    .into(),
            ),
        }
    }
}

/// An error and its causes, outermost first, joined by ": " (the back-office logs its own so).
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(details = %self.chain(), "request failed");
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
    render(status, &page).unwrap_or_else(|error| {
        // The error page itself failed: plain text rather than an error about an error.
        tracing::error!(details = %error.chain(), "cannot render the error page");
        (status, heading.to_string()).into_response()
    })
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

    #[tokio::test]
    async fn a_database_error_is_a_500_that_keeps_its_causes_for_the_log() {
        let db = envinorma_db::testing::TestDatabase::new().await;
        let client = db.client().await;
        let failed = client.query_one("SELECT 1 / 0", &[]).await.unwrap_err();
        let error = WebError::from(failed);
        assert_eq!(error.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            error.chain(),
            "database: database error: db error: db error: ERROR: division by zero"
        );
        let (_, message) = error.texts();
        assert!(!message.contains("division"));
    }

    #[test]
    fn internal_details_stay_out_of_the_page() {
        let (_, message) = WebError::Internal("password=hunter2".into()).texts();
        assert!(!message.contains("hunter2"));
    }
}
