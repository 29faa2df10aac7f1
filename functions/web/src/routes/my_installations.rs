//! "Mes installations" (`GET /user`): the visitor's own installations.

use crate::error::WebError;
use crate::flash::Flash;
use crate::paths;
use crate::state::AppState;
use crate::views::layout::NavItem;
use crate::views::render;
use crate::views::user_installations::MyInstallationsPage;
use crate::visitor::{Visitor, redirect_with};
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use envinorma_db::installations;

/// Back home with a message when there is none.
pub async fn show(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
) -> Result<Response, WebError> {
    let installations = match visitor.user_id() {
        Some(user_id) => installations::of_user(&state.db().await?, user_id).await?,
        None => Vec::new(),
    };
    if installations.is_empty() {
        return Ok(redirect_with(
            &state,
            paths::HOME,
            Flash::alert("Désolé, vous n’avez pas d'installation"),
        ));
    }
    render(
        StatusCode::OK,
        &MyInstallationsPage {
            layout: visitor.layout("Mes installations", NavItem::MyInstallations),
            csrf: visitor.csrf.clone(),
            installations,
        },
    )
}
