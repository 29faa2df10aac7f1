//! "Ajouter un classement" to an installation: the form
//! (`GET /installations/:id/classements/new`) and its post (`POST /installations/:id/classements`),
//! which may also be a search of the nomenclature.

use crate::access::{Access, installation_for};
use crate::error::WebError;
use crate::flash::Flash;
use crate::forms::{FieldErrors, FormFields, ReferenceClassementInput, SEARCH_BUTTON};
use crate::paths;
use crate::routes::form_pages::{checked_classement, classement_fields, form_answer};
use crate::state::AppState;
use crate::views::layout::NavItem;
use crate::views::render;
use crate::views::user_installations::NewClassementPage;
use crate::visitor::{Visitor, redirect_with};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use envinorma_db::Client;
use envinorma_db::installations::{self, Installation};

/// Where the fields of the classement are.
const PREFIX: &str = "classement";

async fn answer(
    client: &impl Client,
    visitor: &Visitor,
    installation: Installation,
    input: ReferenceClassementInput,
    errors: FieldErrors,
    refusal: Option<&str>,
) -> Result<Response, WebError> {
    let (status, layout) = form_answer(
        visitor.layout("Ajouter un classement", NavItem::None),
        refusal,
    );
    let classement = classement_fields(client, PREFIX, input, errors).await?;
    render(
        status,
        &NewClassementPage {
            layout,
            csrf: visitor.csrf.clone(),
            installation,
            classement,
        },
    )
}

pub async fn show(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let client = state.db().await?;
    let installation = installation_for(&client, id, &visitor, Access::Change).await?;
    let input = ReferenceClassementInput::default();
    answer(
        &client,
        &visitor,
        installation,
        input,
        FieldErrors::default(),
        None,
    )
    .await
}

pub async fn create(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, WebError> {
    let fields = FormFields::parse(&body);
    let client = state.db().await?;
    let installation = installation_for(&client, id, &visitor, Access::Change).await?;
    let input = ReferenceClassementInput::read(&fields, PREFIX);
    if fields.has(SEARCH_BUTTON) {
        let errors = FieldErrors::default();
        return answer(&client, &visitor, installation, input, errors, None).await;
    }
    match checked_classement(&client, &input).await? {
        Ok(new) => {
            installations::add_classement_with_activite(
                &client,
                id,
                &new.classement,
                new.activite.as_deref(),
            )
            .await?;
            Ok(redirect_with(
                &state,
                &paths::installation(id),
                Flash::notice("Le classement a été ajouté"),
            ))
        }
        Err(errors) => {
            let refusal = Some("Le classement n'a pas été ajouté");
            answer(&client, &visitor, installation, input, errors, refusal).await
        }
    }
}
