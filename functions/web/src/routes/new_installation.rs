//! "Créer une installation fictive": the form (`GET /installations/new`) and its post
//! (`POST /installations`), which may also be a search of the nomenclature.

use crate::error::WebError;
use crate::forms::{
    FieldErrors, FormFields, NAME_FIELD, ReferenceClassementInput, SEARCH_BUTTON, installation_name,
};
use crate::paths;
use crate::routes::form_pages::{add_classement, checked_classement, classement_fields, form_page};
use crate::state::AppState;
use crate::views::user_installations::NewInstallationPage;
use crate::visitor::Visitor;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use envinorma_db::Client;
use envinorma_db::installations;

/// Where the fields of the classement part are.
const CLASSEMENT_PREFIX: &str = "installation[classement]";

/// The form as typed, with its messages.
struct NewInstallationForm {
    name: String,
    name_error: Option<&'static str>,
    classement: ReferenceClassementInput,
    errors: FieldErrors,
}

async fn answer(
    client: &impl Client,
    visitor: &Visitor,
    form: NewInstallationForm,
    refusal: Option<&str>,
) -> Result<Response, WebError> {
    let classement =
        classement_fields(client, CLASSEMENT_PREFIX, form.classement, form.errors).await?;
    let title = "Créer une installation fictive";
    form_page(visitor, title, refusal, |layout, csrf| {
        NewInstallationPage {
            layout,
            csrf,
            name: form.name,
            name_error: form.name_error,
            classement,
        }
    })
}

pub async fn show(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
) -> Result<Response, WebError> {
    let form = NewInstallationForm {
        name: "Mon installation".into(),
        name_error: None,
        classement: ReferenceClassementInput::default(),
        errors: FieldErrors::default(),
    };
    answer(&state.db().await?, &visitor, form, None).await
}

/// A fictive installation with its first classement, or the form again.
pub async fn create(
    state: &AppState,
    visitor: &Visitor,
    fields: &FormFields,
) -> Result<Response, WebError> {
    let mut client = state.db().await?;
    let mut form = NewInstallationForm {
        name: fields.get(NAME_FIELD).to_string(),
        name_error: None,
        classement: ReferenceClassementInput::read(fields, CLASSEMENT_PREFIX),
        errors: FieldErrors::default(),
    };
    if fields.has(SEARCH_BUTTON) {
        return answer(&client, visitor, form, None).await;
    }
    let classement = checked_classement(&client, &form.classement).await?;
    match (installation_name(&form.name), classement) {
        (Ok(name), Ok(new)) => {
            let tx = client.transaction().await?;
            let user_id = visitor.save(&tx).await?;
            let id = installations::create_fictive(&tx, user_id, &name).await?;
            add_classement(&tx, id, &new).await?;
            tx.commit().await?;
            Ok(Redirect::to(&paths::installation(id)).into_response())
        }
        (name, classement) => {
            form.name_error = name.err();
            form.errors = classement.err().unwrap_or_default();
            let refusal = Some("L'installation n'a pas été créée");
            answer(&client, visitor, form, refusal).await
        }
    }
}
