//! "Ajouter un classement" to an installation: the form
//! (`GET /installations/:id/classements/new`) and its post (`POST /installations/:id/classements`),
//! which may also be a search of the nomenclature.

use crate::access::Editing;
use crate::error::WebError;
use crate::forms::{FieldErrors, FormFields, ReferenceClassementInput, SEARCH_BUTTON};
use crate::routes::form_pages::{
    add_classement, back_to_installation, checked_classement, classement_fields, form_page,
};
use crate::state::AppState;
use crate::views::user_installations::NewClassementPage;
use axum::extract::State;
use axum::response::Response;

/// Where the fields of the classement are.
const PREFIX: &str = "classement";

async fn answer(
    editing: Editing,
    input: ReferenceClassementInput,
    errors: FieldErrors,
    refusal: Option<&str>,
) -> Result<Response, WebError> {
    let classement = classement_fields(&editing.client, PREFIX, input, errors).await?;
    let title = "Ajouter un classement";
    form_page(&editing.visitor, title, refusal, |layout, csrf| {
        NewClassementPage {
            layout,
            csrf,
            installation: editing.installation,
            classement,
        }
    })
}

pub async fn show(editing: Editing) -> Result<Response, WebError> {
    let input = ReferenceClassementInput::default();
    answer(editing, input, FieldErrors::default(), None).await
}

pub async fn create(
    State(state): State<AppState>,
    editing: Editing,
    fields: FormFields,
) -> Result<Response, WebError> {
    let input = ReferenceClassementInput::read(&fields, PREFIX);
    if fields.has(SEARCH_BUTTON) {
        return answer(editing, input, FieldErrors::default(), None).await;
    }
    match checked_classement(&editing.client, &input).await? {
        Ok(new) => {
            let id = editing.installation.id;
            add_classement(&editing.client, id, &new).await?;
            Ok(back_to_installation(
                &state,
                id,
                "Le classement a été ajouté",
            ))
        }
        Err(errors) => {
            let refusal = Some("Le classement n'a pas été ajouté");
            answer(editing, input, errors, refusal).await
        }
    }
}
