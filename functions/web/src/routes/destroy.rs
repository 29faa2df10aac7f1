//! Deleting an installation (`DELETE /installations/:id`, from "Mes installations").

use crate::access::{Access, installation_for};
use crate::error::WebError;
use crate::flash::Flash;
use crate::paths;
use crate::state::AppState;
use crate::visitor::{Visitor, redirect_with};
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::Response;
use envinorma_db::{installations, users};

/// Back to "Mes installations", or home when it was the last one.
pub async fn destroy(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let client = state.db().await?;
    installation_for(&client, id, &visitor, Access::Change).await?;
    installations::delete(&client, id).await?;
    let has_installations = users::recognise(&client, visitor.token)
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
