//! "Modifier le nom de l’installation": the form (`GET /installations/:id/edit_name`) and its
//! post (`PATCH /installations/:id` with `installation[name]`).

use crate::access::Editing;
use crate::error::WebError;
use crate::forms::{FormFields, NAME_FIELD, installation_name};
use crate::routes::form_pages::{NOT_UPDATED, UPDATED, back_to_installation, form_page};
use crate::state::AppState;
use crate::views::user_installations::EditNamePage;
use axum::response::Response;
use envinorma_db::installations;

/// The form with `name` in its field, refused when `refusal` says so.
fn answer(
    editing: Editing,
    name: String,
    name_error: Option<&'static str>,
    refusal: Option<&str>,
) -> Result<Response, WebError> {
    let title = "Modifier le nom de l’installation";
    form_page(&editing.visitor, title, refusal, |layout, csrf| {
        EditNamePage {
            layout,
            csrf,
            installation: editing.installation,
            name,
            name_error,
        }
    })
}

pub async fn show(editing: Editing) -> Result<Response, WebError> {
    let name = editing.installation.name.clone();
    answer(editing, name, None, None)
}

/// The new name, or the form again with its message.
pub async fn save(
    state: &AppState,
    editing: Editing,
    fields: &FormFields,
) -> Result<Response, WebError> {
    let id = editing.installation.id;
    match installation_name(fields.get(NAME_FIELD)) {
        Ok(name) => {
            installations::rename(&editing.client, id, &name).await?;
            Ok(back_to_installation(state, id, UPDATED))
        }
        Err(message) => {
            let typed = fields.get(NAME_FIELD).to_string();
            answer(editing, typed, Some(message), Some(NOT_UPDATED))
        }
    }
}
