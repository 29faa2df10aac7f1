//! "Créer une copie de l’installation" (`POST /installations?id=`): a public installation
//! copied for the visitor, once.

use crate::access::{Access, installation_for};
use crate::error::WebError;
use crate::flash::Flash;
use crate::paths;
use crate::state::AppState;
use crate::visitor::{Visitor, redirect_with};
use axum::response::{IntoResponse, Redirect, Response};
use envinorma_db::installations;

/// Copies a public installation for the visitor, once: a second time leads to the copy.
pub async fn copy(state: &AppState, visitor: &Visitor, id: i64) -> Result<Response, WebError> {
    let client = state.db().await?;
    let installation = installation_for(&client, id, visitor, Access::Read).await?;
    if installation.user_id.is_some() {
        return Err(WebError::BadRequest(
            "Seules les installations publiques peuvent être copiées : celle-ci est déjà la vôtre."
                .into(),
        ));
    }
    let user_id = visitor.save(&client).await?;
    match installations::duplicate(&client, id, user_id).await {
        Ok(copy) => {
            Ok(Redirect::to(&paths::installation(copy.ok_or(WebError::NotFound)?)).into_response())
        }
        // The unique index, not a prior lookup, decides: a double click makes one copy.
        Err(error) if error.is_unique_violation() => {
            let copy = installations::copy_of(&client, id, user_id)
                .await?
                .ok_or(WebError::NotFound)?;
            Ok(redirect_with(
                state,
                &paths::installation(copy),
                Flash::notice("Vous avez déjà une copie de cette installation : la voici."),
            ))
        }
        Err(error) => Err(error.into()),
    }
}
