//! A user's own installations: fictive ones and copies of public ones. Creating, copying,
//! renaming, editing and adding classements, deleting, and "Mes installations".
//!
//! Every route that shows or changes one checks on the server that the visitor owns it: an
//! unknown id is a 404, anyone else's installation a 403, and public installations are
//! read-only for everybody.

use crate::error::WebError;
use crate::flash::Flash;
use crate::forms::{
    ClassementRowInput, FieldErrors, FormFields, NewClassement, ReferenceClassementInput,
    RowAction, SEARCH_BUTTON, installation_name,
};
use crate::routes::installations::{Access, installation_for};
use crate::state::AppState;
use crate::views::layout::{Layout, NavItem};
use crate::views::user_installations::{
    ClassementFields, ClassementRow, EditClassementsPage, EditNamePage, MyInstallationsPage,
    NewClassementPage, NewInstallationPage, reference_label,
};
use crate::visitor::{Visitor, redirect_with};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, patch, post};
use axum::{Extension, Json, Router};
use envinorma_core::classement::sort_by_regime;
use envinorma_db::DbError;
use envinorma_db::classement_references::{self, ClassementReference};
use envinorma_db::installations::{self, Installation};
use envinorma_db::users;
use serde::{Deserialize, Serialize};
use tokio_postgres::GenericClient;

/// The nomenclature search lists this many lines.
const REFERENCE_RESULTS: i64 = 15;

/// Where the fields of the classement part are, in each form.
const NEW_INSTALLATION_CLASSEMENT: &str = "installation[classement]";
const NEW_CLASSEMENT: &str = "classement";
const NAME_FIELD: &str = "installation[name]";

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/installations", post(create))
        .route("/installations/new", get(new_installation))
        .route(
            "/installations/{id}",
            patch(update).put(update).delete(destroy),
        )
        .route("/installations/{id}/edit", get(edit))
        .route("/installations/{id}/edit_name", get(edit_name))
        .route("/installations/{id}/classements/new", get(new_classement))
        .route("/installations/{id}/classements", post(create_classement))
        .route("/user", get(my_installations))
        .route("/classement_references/search", get(search_references))
}

fn installation_path(id: i64) -> String {
    format!("/installations/{id}")
}

/// A page answered with `status` (422 when a form comes back with messages).
fn page(status: StatusCode, page: &impl Template) -> Result<Response, WebError> {
    Ok((status, Html(page.render()?)).into_response())
}

/// The nomenclature line a classement form chose, if it exists.
async fn chosen_reference(
    client: &impl GenericClient,
    input: &ReferenceClassementInput,
) -> Result<Option<ClassementReference>, WebError> {
    Ok(match input.reference_id() {
        Some(id) => classement_references::get(client, id).await?,
        None => None,
    })
}

/// The classement part of a form as shown: what was typed, the chosen line and the lines its
/// search finds.
async fn classement_fields(
    client: &impl GenericClient,
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

async fn found_references(
    client: &impl GenericClient,
    query: &str,
) -> Result<Vec<ClassementReference>, WebError> {
    if query.trim().is_empty() {
        return Ok(Vec::new());
    }
    Ok(classement_references::search(client, query, REFERENCE_RESULTS).await?)
}

/// A checked classement form: the classement to add, or the messages of its fields.
async fn checked_classement(
    client: &impl GenericClient,
    input: &ReferenceClassementInput,
) -> Result<Result<NewClassement, FieldErrors>, WebError> {
    let reference = chosen_reference(client, input).await?;
    Ok(input.classement(reference.as_ref()))
}

/// The status and layout of a form page: shown as asked (200: a first visit, a search), or
/// sent back refused (422) with `refusal` as an alert.
fn form_answer(layout: Layout, refusal: Option<&str>) -> (StatusCode, Layout) {
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

/// The new-installation form as typed, with its messages.
struct NewInstallationForm {
    name: String,
    name_error: Option<&'static str>,
    classement: ReferenceClassementInput,
    errors: FieldErrors,
}

async fn show_new_installation(
    client: &impl GenericClient,
    visitor: &Visitor,
    form: NewInstallationForm,
    refusal: Option<&str>,
) -> Result<Response, WebError> {
    let (status, layout) = form_answer(
        visitor.layout("Créer une installation fictive", NavItem::None),
        refusal,
    );
    let classement = classement_fields(
        client,
        NEW_INSTALLATION_CLASSEMENT,
        form.classement,
        form.errors,
    )
    .await?;
    page(
        status,
        &NewInstallationPage {
            layout,
            csrf: visitor.csrf.clone(),
            name: form.name,
            name_error: form.name_error,
            classement,
        },
    )
}

async fn new_installation(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
) -> Result<Response, WebError> {
    let form = NewInstallationForm {
        name: "Mon installation".into(),
        name_error: None,
        classement: ReferenceClassementInput::default(),
        errors: FieldErrors::default(),
    };
    show_new_installation(&**state.db().await?, &visitor, form, None).await
}

#[derive(Deserialize)]
struct CreateQuery {
    id: Option<String>,
}

/// `POST /installations`: a copy of the public installation `?id=`, else a fictive one.
async fn create(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Query(query): Query<CreateQuery>,
    body: Bytes,
) -> Result<Response, WebError> {
    match query.id {
        Some(id) => {
            let id = id.parse().map_err(|_| WebError::NotFound)?;
            duplicate(&state, &visitor, id).await
        }
        None => create_fictive(&state, &visitor, &FormFields::parse(&body)).await,
    }
}

async fn create_fictive(
    state: &AppState,
    visitor: &Visitor,
    fields: &FormFields,
) -> Result<Response, WebError> {
    let mut client = state.db().await?;
    let mut form = NewInstallationForm {
        name: fields.get(NAME_FIELD).to_string(),
        name_error: None,
        classement: ReferenceClassementInput::read(fields, NEW_INSTALLATION_CLASSEMENT),
        errors: FieldErrors::default(),
    };
    if fields.has(SEARCH_BUTTON) {
        return show_new_installation(&**client, visitor, form, None).await;
    }
    let classement = checked_classement(&**client, &form.classement).await?;
    match (installation_name(&form.name), classement) {
        (Ok(name), Ok(new)) => {
            let tx = client.transaction().await.map_err(DbError::from)?;
            let user_id = visitor.save(&*tx).await?;
            let id = installations::create_fictive(&*tx, user_id, &name).await?;
            installations::add_classement_with_activite(
                &*tx,
                id,
                &new.classement,
                new.activite.as_deref(),
            )
            .await?;
            tx.commit().await.map_err(DbError::from)?;
            Ok(Redirect::to(&installation_path(id)).into_response())
        }
        (name, classement) => {
            form.name_error = name.err();
            form.errors = classement.err().unwrap_or_default();
            let refusal = Some("L'installation n'a pas été créée");
            show_new_installation(&**client, visitor, form, refusal).await
        }
    }
}

/// Copies a public installation for the visitor, once: a second time leads to the copy.
async fn duplicate(state: &AppState, visitor: &Visitor, id: i64) -> Result<Response, WebError> {
    let client = state.db().await?;
    let client = &**client;
    let installation = installation_for(client, id, visitor, Access::Read).await?;
    if installation.user_id.is_some() {
        return Err(WebError::BadRequest(
            "Seules les installations publiques peuvent être copiées : celle-ci est déjà la vôtre."
                .into(),
        ));
    }
    let user_id = visitor.save(client).await?;
    match installations::duplicate(client, id, user_id).await {
        Ok(copy) => {
            Ok(Redirect::to(&installation_path(copy.ok_or(WebError::NotFound)?)).into_response())
        }
        // The unique index, not a prior lookup, decides: a double click makes one copy.
        Err(error) if error.is_unique_violation() => {
            let copy = installations::copy_of(client, id, user_id)
                .await?
                .ok_or(WebError::NotFound)?;
            Ok(redirect_with(
                state,
                &installation_path(copy),
                Flash::notice("Vous avez déjà une copie de cette installation : la voici."),
            ))
        }
        Err(error) => Err(error.into()),
    }
}

async fn edit_name(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let client = state.db().await?;
    let installation = installation_for(&**client, id, &visitor, Access::Change).await?;
    page(
        StatusCode::OK,
        &EditNamePage {
            layout: visitor.layout("Modifier le nom de l’installation", NavItem::None),
            csrf: visitor.csrf.clone(),
            name: installation.name.clone(),
            name_error: None,
            installation,
        },
    )
}

async fn edit(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let client = state.db().await?;
    let installation = installation_for(&**client, id, &visitor, Access::Change).await?;
    let mut classements = installations::classements(&**client, id).await?;
    sort_by_regime(&mut classements, |c| c.details.regime);
    let rows = classements
        .iter()
        .map(|classement| ClassementRow {
            rubrique: classement.details.rubrique.clone(),
            input: ClassementRowInput::from_stored(classement),
            errors: FieldErrors::default(),
        })
        .collect();
    page(
        StatusCode::OK,
        &EditClassementsPage {
            layout: visitor.layout("Modifier les classements", NavItem::None),
            csrf: visitor.csrf.clone(),
            installation,
            rows,
        },
    )
}

/// `PATCH`/`PUT /installations/:id`: the new name (`installation[name]`) and the classements'
/// changes (`installation[classements_attributes][n][…]`), all or nothing.
async fn update(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, WebError> {
    let fields = FormFields::parse(&body);
    let mut client = state.db().await?;
    let installation = installation_for(&**client, id, &visitor, Access::Change).await?;
    let stored = installations::classements(&**client, id).await?;
    let name = fields
        .has(NAME_FIELD)
        .then(|| installation_name(fields.get(NAME_FIELD)));
    let rows = ClassementRowInput::read_all(&fields);
    let mut actions = Vec::with_capacity(rows.len());
    let mut row_views = Vec::with_capacity(rows.len());
    for row in rows {
        // Only this installation's classements: the rubrique comes from the database.
        let classement = row
            .id()
            .and_then(|id| stored.iter().find(|c| c.id == id))
            .ok_or_else(|| {
                WebError::BadRequest(
                    "Un des classements modifiés n’existe plus. Rechargez la page, puis recommencez."
                        .into(),
                )
            })?;
        let action = row.action(classement.id);
        row_views.push(ClassementRow {
            rubrique: classement.details.rubrique.clone(),
            errors: action.clone().err().unwrap_or_default(),
            input: row,
        });
        actions.push(action);
    }
    let name_error = name.as_ref().and_then(|name| name.as_ref().err().copied());
    if name_error.is_some() || actions.iter().any(Result::is_err) {
        let refusal = Some("L'installation n'a pas été mise à jour");
        let csrf = visitor.csrf.clone();
        return if row_views.is_empty() {
            let title = "Modifier le nom de l’installation";
            let (status, layout) = form_answer(visitor.layout(title, NavItem::None), refusal);
            page(
                status,
                &EditNamePage {
                    layout,
                    csrf,
                    installation,
                    name: fields.get(NAME_FIELD).to_string(),
                    name_error,
                },
            )
        } else {
            let title = "Modifier les classements";
            let (status, layout) = form_answer(visitor.layout(title, NavItem::None), refusal);
            page(
                status,
                &EditClassementsPage {
                    layout,
                    csrf,
                    installation,
                    rows: row_views,
                },
            )
        };
    }
    let tx = client.transaction().await.map_err(DbError::from)?;
    if let Some(Ok(name)) = &name {
        installations::rename(&*tx, id, name).await?;
    }
    let mut deleted = Vec::new();
    for action in actions.into_iter().flatten() {
        match action {
            RowAction::Update(change) => {
                installations::update_classement(&*tx, id, &change).await?
            }
            RowAction::Delete(classement_id) => deleted.push(classement_id),
        }
    }
    installations::delete_classements(&*tx, id, &deleted).await?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(redirect_with(
        &state,
        &installation_path(id),
        Flash::notice("L'installation a bien été mise à jour"),
    ))
}

async fn destroy(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let client = state.db().await?;
    let client = &**client;
    installation_for(client, id, &visitor, Access::Change).await?;
    installations::delete(client, id).await?;
    let has_installations = users::recognise(client, visitor.token)
        .await?
        .is_some_and(|known| known.has_installations);
    Ok(if has_installations {
        redirect_with(
            &state,
            "/user",
            Flash::notice("L'installation a bien été supprimée"),
        )
    } else {
        redirect_with(
            &state,
            "/",
            Flash::notice("L'installation a bien été supprimée. Vous n'avez plus d'installation"),
        )
    })
}

async fn show_new_classement(
    client: &impl GenericClient,
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
    let classement = classement_fields(client, NEW_CLASSEMENT, input, errors).await?;
    page(
        status,
        &NewClassementPage {
            layout,
            csrf: visitor.csrf.clone(),
            installation,
            classement,
        },
    )
}

async fn new_classement(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let client = state.db().await?;
    let installation = installation_for(&**client, id, &visitor, Access::Change).await?;
    let input = ReferenceClassementInput::default();
    show_new_classement(
        &**client,
        &visitor,
        installation,
        input,
        FieldErrors::default(),
        None,
    )
    .await
}

async fn create_classement(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, WebError> {
    let fields = FormFields::parse(&body);
    let client = state.db().await?;
    let client = &**client;
    let installation = installation_for(client, id, &visitor, Access::Change).await?;
    let input = ReferenceClassementInput::read(&fields, NEW_CLASSEMENT);
    if fields.has(SEARCH_BUTTON) {
        let errors = FieldErrors::default();
        return show_new_classement(client, &visitor, installation, input, errors, None).await;
    }
    match checked_classement(client, &input).await? {
        Ok(new) => {
            installations::add_classement_with_activite(
                client,
                id,
                &new.classement,
                new.activite.as_deref(),
            )
            .await?;
            Ok(redirect_with(
                &state,
                &installation_path(id),
                Flash::notice("Le classement a été ajouté"),
            ))
        }
        Err(errors) => {
            let refusal = Some("Le classement n'a pas été ajouté");
            show_new_classement(client, &visitor, installation, input, errors, refusal).await
        }
    }
}

async fn my_installations(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
) -> Result<Response, WebError> {
    let installations = match visitor.user_id() {
        Some(user_id) => installations::of_user(&**state.db().await?, user_id).await?,
        None => Vec::new(),
    };
    if installations.is_empty() {
        return Ok(redirect_with(
            &state,
            "/",
            Flash::alert("Désolé, vous n’avez pas d'installation"),
        ));
    }
    page(
        StatusCode::OK,
        &MyInstallationsPage {
            layout: visitor.layout("Mes installations", NavItem::MyInstallations),
            csrf: visitor.csrf.clone(),
            installations,
        },
    )
}

#[derive(Deserialize)]
struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// One nomenclature line, as the classement search script reads it.
#[derive(Serialize)]
struct FoundReference {
    name: String,
    id: i64,
}

async fn search_references(
    State(state): State<AppState>,
    Query(query): Query<SearchQuery>,
) -> Result<Json<Vec<FoundReference>>, WebError> {
    let client = state.db().await?;
    let found = found_references(&**client, &query.q).await?;
    Ok(Json(
        found
            .iter()
            .map(|reference| FoundReference {
                name: reference_label(reference),
                id: reference.id,
            })
            .collect(),
    ))
}
