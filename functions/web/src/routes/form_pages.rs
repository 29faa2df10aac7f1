//! What the form pages share: how a form is read, how it is answered (shown, refused with its
//! messages, or back to the installation), and the classement part of the new-installation and
//! new-classement forms.

use crate::error::WebError;
use crate::flash::Flash;
use crate::forms::{FieldErrors, FormFields, NewClassement, ReferenceClassementInput};
use crate::paths;
use crate::security::CsrfToken;
use crate::state::AppState;
use crate::views::layout::{Layout, NavItem};
use crate::views::render;
use crate::views::user_installations::ClassementFields;
use crate::visitor::{Visitor, redirect_with};
use askama::Template;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::Response;
use envinorma_db::classement_references::{self, ClassementReference};
use envinorma_db::{Client, installations};

/// The nomenclature search lists this many lines.
const REFERENCE_RESULTS: i64 = 15;

/// The notice of `PATCH /installations/:id`, whichever of its two forms (name, classements) was
/// sent, and its refusal.
pub const UPDATED: &str = "L'installation a bien été mise à jour";
pub const NOT_UPDATED: &str = "L'installation n'a pas été mise à jour";

/// A posted form is read whole by the route that takes it (the CSRF layer has already bounded
/// and buffered the body).
impl<S: Send + Sync> FromRequest<S> for FormFields {
    type Rejection = BytesRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, BytesRejection> {
        let body = Bytes::from_request(request, state).await?;
        Ok(FormFields::parse(&body))
    }
}

/// Where a form that changed installation `id` leads: its page, with `notice`.
pub fn back_to_installation(state: &AppState, id: i64, notice: &str) -> Response {
    redirect_with(state, &paths::installation(id), Flash::notice(notice))
}

/// A form page titled `title`: shown as asked (200: a first visit, a search), or sent back
/// refused (422) with `refusal` as an alert; `page` builds it from its layout and CSRF token.
pub fn form_page<P: Template>(
    visitor: &Visitor,
    title: &str,
    refusal: Option<&str>,
    page: impl FnOnce(Layout, CsrfToken) -> P,
) -> Result<Response, WebError> {
    let layout = visitor.layout(title, NavItem::None);
    let (status, layout) = match refusal {
        None => (StatusCode::OK, layout),
        Some(alert) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Layout {
                flash: Some(Flash::alert(alert)),
                ..layout
            },
        ),
    };
    render(status, &page(layout, visitor.csrf.clone()))
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

/// Adds a checked classement to installation `id`.
pub async fn add_classement(
    client: &impl Client,
    id: i64,
    new: &NewClassement,
) -> Result<(), WebError> {
    let activite = new.activite.as_deref();
    installations::add_classement_with_activite(client, id, &new.classement, activite).await?;
    Ok(())
}
