//! `POST /publier`: publishes the AMs in force to the `am` bucket.

use crate::auth::Session;
use crate::error::BoError;
use crate::publish::{self, Published, Unpublishable};
use crate::state::BoState;
use crate::views::{Layout, render};
use askama::Template;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::Response;
use envinorma_db::bo;

#[derive(Template)]
#[template(path = "publish.html")]
struct PublishPage {
    layout: Layout,
    outcome: Result<Published, Unpublishable>,
}

pub async fn publish(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
) -> Result<Response, BoError> {
    let documents = bo::all_documents(&state.db().await?).await?;
    let outcome = match publish::published_files(&documents) {
        Err(unpublishable) => Err(unpublishable),
        Ok(files) => {
            let published = publish::publish(&*state.store, &files)
                .await
                .map_err(|error| BoError::Internal(error.to_string()))?;
            tracing::info!(editor = %session.editor.login, key = %published.key, ams = published.ams, "back-office: published");
            let announce = format!(
                "{} a publié les {} arrêtés en vigueur : am/{} (import dans l’application en cours)",
                session.editor.login, published.ams, published.key
            );
            state.config.slack.post(&announce).await;
            Ok(published)
        }
    };
    let status = if outcome.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = PublishPage {
        layout: Layout::signed_in("Export des arrêtés", &session),
        outcome,
    };
    render(status, &page)
}
