//! The routes: one module per page, the table here (the URL patterns are in
//! [`crate::paths`], with the functions that write those URLs).

mod ap_pdf;
mod ap_search;
mod arretes;
mod copy;
mod destroy;
mod edit_classements;
mod edit_name;
mod exports;
mod form_pages;
mod installation;
mod my_installations;
mod new_classement;
mod new_installation;
mod pages;
mod prescriptions;
mod search;
pub(crate) mod static_files;

use crate::access::Editing;
use crate::error::WebError;
use crate::forms::{FormFields, NAME_FIELD};
use crate::paths;
use crate::state::AppState;
use crate::visitor::{Visitor, identify};
use axum::extract::{Query, State};
use axum::middleware::from_fn_with_state;
use axum::response::Response;
use axum::routing::{get, patch, post};
use axum::{Extension, Router};
use serde::Deserialize;

/// Every route of the app (security middleware excluded: see [`crate::router`]). Pages know
/// their visitor; static files do not need to.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route(paths::HOME, get(pages::home))
        .route(paths::INSTALLATIONS, get(pages::home).post(create))
        .route(paths::PAGE, get(pages::page))
        .route(paths::INSTALLATION_SEARCH, get(search::installations))
        .route(paths::REFERENCE_SEARCH, get(search::classement_references))
        .route(paths::NEW_INSTALLATION, get(new_installation::show))
        .route(
            paths::INSTALLATION,
            get(installation::show)
                .patch(update)
                .put(update)
                .delete(destroy::destroy),
        )
        .route(paths::EDIT_NAME, get(edit_name::show))
        .route(paths::EDIT_CLASSEMENTS, get(edit_classements::show))
        .route(paths::NEW_CLASSEMENT, get(new_classement::show))
        .route(paths::CLASSEMENTS, post(new_classement::create))
        .route(paths::ARRETES, get(arretes::show))
        .route(
            paths::PRESCRIPTIONS,
            get(prescriptions::show).delete(prescriptions::destroy_all),
        )
        .route(
            paths::PRESCRIPTIONS_FROM_AM,
            post(prescriptions::from_am).patch(prescriptions::from_am),
        )
        .route(paths::PRESCRIPTIONS_FROM_AP, post(prescriptions::from_ap))
        .route(paths::PRESCRIPTIONS_GROUPING, post(prescriptions::grouping))
        .route(
            paths::PRESCRIPTION,
            patch(prescriptions::update).delete(prescriptions::destroy),
        )
        .route(paths::FICHE_INSPECTION, post(exports::fiche_inspection))
        .route(paths::FICHE_GUN, post(exports::fiche_gun))
        .route(paths::MY_INSTALLATIONS, get(my_installations::show))
        .route(paths::AP_SEARCH, get(ap_search::everywhere))
        .route(paths::INSTALLATION_AP_SEARCH, get(ap_search::installation))
        .route(paths::AP_PDF, get(ap_pdf::serve))
        .fallback(|| async { WebError::NotFound })
        .layer(from_fn_with_state(state.clone(), identify))
        .merge(static_files::routes())
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
    fields: FormFields,
) -> Result<Response, WebError> {
    match query.id {
        Some(id) => {
            let id = id.parse().map_err(|_| WebError::NotFound)?;
            copy::copy(&state, &visitor, id).await
        }
        None => new_installation::create(&state, &visitor, &fields).await,
    }
}

/// `PATCH`/`PUT /installations/:id`: the form of the name (`installation[name]`) or the one of
/// the classements (`installation[classements_attributes][n][…]`).
async fn update(
    State(state): State<AppState>,
    editing: Editing,
    fields: FormFields,
) -> Result<Response, WebError> {
    if fields.has(NAME_FIELD) {
        edit_name::save(&state, editing, &fields).await
    } else {
        edit_classements::save(&state, editing, &fields).await
    }
}
