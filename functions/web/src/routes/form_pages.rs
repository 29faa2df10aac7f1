//! What the form pages share: how a form is answered (shown, or refused with its messages),
//! and the classement part of the new-installation and new-classement forms.

use crate::error::WebError;
use crate::flash::Flash;
use crate::forms::{FieldErrors, NewClassement, ReferenceClassementInput};
use crate::views::layout::Layout;
use crate::views::user_installations::ClassementFields;
use axum::http::StatusCode;
use envinorma_db::Client;
use envinorma_db::classement_references::{self, ClassementReference};

/// The nomenclature search lists this many lines.
const REFERENCE_RESULTS: i64 = 15;

/// The status and layout of a form page: shown as asked (200: a first visit, a search), or
/// sent back refused (422) with `refusal` as an alert.
pub fn form_answer(layout: Layout, refusal: Option<&str>) -> (StatusCode, Layout) {
    match refusal {
        None => (StatusCode::OK, layout),
        Some(alert) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Layout {
                flash: Some(Flash::alert(alert)),
                ..layout
            },
        ),
    }
}

/// The nomenclature line a classement form chose, if it exists.
async fn chosen_reference(
    client: &impl Client,
    input: &ReferenceClassementInput,
) -> Result<Option<ClassementReference>, WebError> {
    Ok(match input.reference_id() {
        Some(id) => classement_references::get(client, id).await?,
        None => None,
    })
}

/// The classement part of a form as shown: what was typed, the chosen line and the lines its
/// search finds.
pub async fn classement_fields(
    client: &impl Client,
    prefix: &'static str,
    input: ReferenceClassementInput,
    errors: FieldErrors,
) -> Result<ClassementFields, WebError> {
    let chosen = chosen_reference(client, &input).await?;
    let found = found_references(client, &input.query).await?;
    Ok(ClassementFields::new(
        prefix,
        input,
        chosen.as_ref(),
        &found,
        errors,
    ))
}

/// The nomenclature lines a search finds (none for a blank one).
pub async fn found_references(
    client: &impl Client,
    query: &str,
) -> Result<Vec<ClassementReference>, WebError> {
    if query.trim().is_empty() {
        return Ok(Vec::new());
    }
    Ok(classement_references::search(client, query, REFERENCE_RESULTS).await?)
}

/// A checked classement form: the classement to add, or the messages of its fields.
pub async fn checked_classement(
    client: &impl Client,
    input: &ReferenceClassementInput,
) -> Result<Result<NewClassement, FieldErrors>, WebError> {
    let reference = chosen_reference(client, input).await?;
    Ok(input.classement(reference.as_ref()))
}
