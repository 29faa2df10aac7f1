//! Reading installations: search, the installation page, the AM/AP page and AP PDFs.

use crate::error::WebError;
use crate::selection::Selection;
use crate::state::AppState;
use crate::views::am_reading::AmReading;
use crate::views::format::am_infos;
use crate::views::layout::NavItem;
use crate::views::{
    ArretesInput, InstallationInput, Viewer, render_arretes_page, render_installation_page,
};
use crate::visitor::Visitor;
use axum::body::Body;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use envinorma_cloud::Bucket;
use envinorma_core::{ArreteMinisteriel, Classement, personalise};
use envinorma_db::installations::{self, Installation, StoredClassement};
use envinorma_db::prescriptions;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::time::Duration;
use tokio_postgres::GenericClient;

/// The search lists this many installations.
const SEARCH_RESULTS: i64 = 10;

/// A presigned AP link is valid this long: enough to open it, too short to share it.
const PDF_LINK_LIFETIME: Duration = Duration::from_secs(300);

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/installations/search", get(search))
        .route("/installations/{id}", get(show))
        .route("/installations/{id}/arretes", get(arretes))
        .route("/aps/{*file}", get(ap_pdf))
}

#[derive(Deserialize)]
struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// One search result, as the autocomplete script reads it.
#[derive(Serialize)]
struct Found {
    name: String,
    link: String,
}

async fn search(
    State(state): State<AppState>,
    Query(query): Query<SearchQuery>,
) -> Result<Json<Vec<Found>>, WebError> {
    if query.q.trim().is_empty() {
        return Ok(Json(Vec::new()));
    }
    let client = state.db().await?;
    let found = installations::search(&**client, &query.q, SEARCH_RESULTS).await?;
    let base = state.config.base_url.as_deref().unwrap_or_default();
    Ok(Json(
        found
            .into_iter()
            .map(|i| Found {
                name: format!(
                    "{} | {} - {} {}",
                    i.s3ic_id,
                    i.name,
                    i.zipcode.as_deref().unwrap_or_default(),
                    i.city.as_deref().unwrap_or_default()
                ),
                link: format!("{base}/installations/{}", i.id),
            })
            .collect(),
    ))
}

/// What a route does with an installation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Public installations are everyone's to read; the others their owner's only.
    Read,
    /// Only the owner changes an installation (public ones are read-only).
    Change,
}

/// The installation of `id` if the visitor may use it so: 404 when there is none, 403 when it is
/// someone else's.
pub async fn installation_for(
    client: &impl GenericClient,
    id: i64,
    visitor: &Visitor,
    access: Access,
) -> Result<Installation, WebError> {
    let installation = installations::get(client, id)
        .await?
        .ok_or(WebError::NotFound)?;
    checked(installation, visitor, access)
}

/// The installation if the visitor may use it so, else 403.
fn checked(
    installation: Installation,
    visitor: &Visitor,
    access: Access,
) -> Result<Installation, WebError> {
    let allowed = match access {
        Access::Read => installation.visible_to(visitor.user_id()),
        Access::Change => installation.owned_by(visitor.user_id()),
    };
    if allowed {
        Ok(installation)
    } else {
        Err(WebError::Forbidden)
    }
}

fn core_classements(classements: &[StoredClassement]) -> Vec<Classement> {
    classements.iter().map(|c| c.details.classement()).collect()
}

async fn show(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
) -> Result<Html<String>, WebError> {
    let pooled = state.db().await?;
    let (installation, classements, aps) = installations::with_classements_and_aps(&pooled, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let installation = checked(installation, &visitor, Access::Read)?;
    let client = &**pooled;
    let (catalog, viewer) = tokio::try_join!(
        state.ams.catalog(client),
        viewer(client, &installation, &visitor),
    )?;
    let core = core_classements(&classements);
    let ams = catalog.am_list(&core);
    let transverse: Vec<&ArreteMinisteriel> = catalog.transverse().collect();
    let selection = query.as_deref().and_then(Selection::from_query);
    let layout = visitor.layout(&installation.name, NavItem::None);
    Ok(Html(render_installation_page(
        layout,
        InstallationInput {
            installation: &installation,
            classements: &classements,
            ams: &ams,
            transverse_ams: &transverse,
            aps: &aps,
            selection: selection.as_ref(),
            viewer,
            csrf: &visitor.csrf,
        },
    )?))
}

/// Which links the visitor gets on the installation page.
async fn viewer(
    client: &impl GenericClient,
    installation: &Installation,
    visitor: &Visitor,
) -> Result<Viewer, WebError> {
    let Some(user_id) = visitor.user_id() else {
        return Ok(Viewer::Visitor);
    };
    if installation.user_id == Some(user_id) {
        return Ok(Viewer::Owner {
            is_copy: installation.duplicated_from_id.is_some(),
        });
    }
    Ok(
        match installations::copy_of(client, installation.id, user_id).await? {
            Some(copy_id) => Viewer::HasCopy { copy_id },
            None => Viewer::Visitor,
        },
    )
}

async fn arretes(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
) -> Result<Html<String>, WebError> {
    let client = state.db().await?;
    let client = &**client;
    let installation = installation_for(client, id, &visitor, Access::Read).await?;
    let selection = query
        .as_deref()
        .and_then(Selection::from_query)
        .unwrap_or_default();
    let (classements, stored_ams, aps, checked) = tokio::try_join!(
        async { Ok::<_, WebError>(installations::classements(client, id).await?) },
        async { Ok(envinorma_db::ams::get_many(client, &selection.am_ids).await?) },
        async { Ok(installations::selected_aps(client, &installation, &selection.ap_ids).await?) },
        checked_alineas(client, id, &visitor),
    )?;
    let core = core_classements(&classements);
    let personalised: Vec<_> = stored_ams
        .iter()
        .map(|stored| personalise(&stored.am, &core))
        .collect();
    let readings: Vec<AmReading<'_>> = personalised
        .iter()
        .map(|p| AmReading {
            personalised: p,
            infos: am_infos(
                p.am,
                classements
                    .iter()
                    .map(|c| (c.details.rubrique.as_str(), c.details.regime)),
            ),
        })
        .collect();
    let layout = visitor.layout(&installation.name, NavItem::None);
    Ok(Html(render_arretes_page(
        layout,
        ArretesInput {
            installation_id: id,
            installation_name: &installation.name,
            selection: &selection,
            ams: &readings,
            aps: &aps,
            checked_alineas: &checked,
            csrf: &visitor.csrf,
        },
    )?))
}

/// The alinéas the visitor already took as prescriptions for this installation.
async fn checked_alineas(
    client: &impl GenericClient,
    installation_id: i64,
    visitor: &Visitor,
) -> Result<HashSet<String>, WebError> {
    let Some(user_id) = visitor.user_id() else {
        return Ok(HashSet::new());
    };
    Ok(prescriptions::alinea_ids(client, user_id, installation_id)
        .await?
        .into_iter()
        .collect())
}

/// `/aps/<georisques id>.pdf`: a redirection to a short-lived link of the private bucket in the
/// cloud (a function URL cannot answer 13 MB), the bytes locally. APs are public documents, but
/// only those the database knows are served.
async fn ap_pdf(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, WebError> {
    let georisques_id = file.strip_suffix(".pdf").ok_or(WebError::NotFound)?;
    let client = state.db().await?;
    installations::ap(&**client, georisques_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let key = format!("{georisques_id}.pdf");
    let cloud = |error: envinorma_cloud::CloudError| match error.is_not_found() {
        true => WebError::NotFound,
        false => WebError::Internal(format!("ap bucket: {error}")),
    };
    if let Some(url) = state
        .store
        .presign_get(Bucket::Ap, &key, PDF_LINK_LIFETIME)
        .await
        .map_err(cloud)?
    {
        return Ok((StatusCode::FOUND, [(LOCATION, url)]).into_response());
    }
    let object = state.store.get(Bucket::Ap, &key).await.map_err(cloud)?;
    Ok((
        [
            (CONTENT_TYPE, "application/pdf"),
            (CACHE_CONTROL, "private, max-age=3600"),
        ],
        Body::from(object.body),
    )
        .into_response())
}
