//! Deleting an installation (`DELETE /installations/:id`, from "Mes installations").

use crate::access::Editing;
use crate::error::WebError;
use crate::flash::Flash;
use crate::paths;
use crate::state::AppState;
use crate::visitor::redirect_with;
use axum::extract::State;
use axum::response::Response;
use envinorma_db::{installations, users};

/// Back to "Mes installations", or home when it was the last one.
pub async fn destroy(
    State(state): State<AppState>,
    editing: Editing,
) -> Result<Response, WebError> {
    installations::delete(&editing.client, editing.installation.id).await?;
    let has_installations = users::recognise(&editing.client, editing.visitor.token)
        .await?
        .is_some_and(|known| known.has_installations);
    Ok(if has_installations {
        redirect_with(
            &state,
            paths::MY_INSTALLATIONS,
            Flash::notice("L'installation a bien été supprimée"),
        )
    } else {
        redirect_with(
            &state,
            paths::HOME,
            Flash::notice("L'installation a bien été supprimée. Vous n'avez plus d'installation"),
        )
    })
}
