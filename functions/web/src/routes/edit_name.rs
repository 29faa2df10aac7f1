//! "Modifier le nom de l’installation": the form (`GET /installations/:id/edit_name`) and its
//! post (`PATCH /installations/:id` with `installation[name]`).

use crate::access::{Access, installation_for};
use crate::error::WebError;
use crate::flash::Flash;
use crate::forms::{FormFields, NAME_FIELD, installation_name};
use crate::paths;
use crate::routes::form_pages::form_answer;
use crate::state::AppState;
use crate::views::layout::NavItem;
use crate::views::render;
use crate::views::user_installations::EditNamePage;
use crate::visitor::{Visitor, redirect_with};
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use envinorma_db::installations;

const TITLE: &str = "Modifier le nom de l’installation";

pub async fn show(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let client = state.db().await?;
    let installation = installation_for(&client, id, &visitor, Access::Change).await?;
    render(
        StatusCode::OK,
        &EditNamePage {
            layout: visitor.layout(TITLE, NavItem::None),
            csrf: visitor.csrf.clone(),
            name: installation.name.clone(),
            name_error: None,
            installation,
        },
    )
}

/// The new name, or the form again with its message.
pub async fn save(
    state: &AppState,
    visitor: &Visitor,
    id: i64,
    fields: &FormFields,
) -> Result<Response, WebError> {
    let client = state.db().await?;
    let installation = installation_for(&client, id, visitor, Access::Change).await?;
    match installation_name(fields.get(NAME_FIELD)) {
        Ok(name) => {
            installations::rename(&client, id, &name).await?;
            Ok(redirect_with(
                state,
                &paths::installation(id),
                Flash::notice("L'installation a bien été mise à jour"),
            ))
        }
        Err(message) => {
            let refusal = Some("L'installation n'a pas été mise à jour");
            let (status, layout) = form_answer(visitor.layout(TITLE, NavItem::None), refusal);
            render(
                status,
                &EditNamePage {
                    layout,
                    csrf: visitor.csrf.clone(),
                    installation,
                    name: fields.get(NAME_FIELD).to_string(),
                    name_error: Some(message),
                },
            )
        }
    }
}
