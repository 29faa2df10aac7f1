//! The searches as you type (JSON): installations from the home page, nomenclature lines
//! from the classement forms.

use crate::error::WebError;
use crate::paths;
use crate::routes::form_pages::found_references;
use crate::state::AppState;
use crate::views::user_installations::reference_label;
use axum::Json;
use axum::extract::{Query, State};
use envinorma_db::installations;
use serde::{Deserialize, Serialize};

/// The installation search lists this many installations.
const SEARCH_RESULTS: i64 = 10;

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// One installation found, as the autocomplete script reads it.
#[derive(Serialize)]
pub struct FoundInstallation {
    name: String,
    link: String,
}

pub async fn installations(
    State(state): State<AppState>,
    Query(query): Query<SearchQuery>,
) -> Result<Json<Vec<FoundInstallation>>, WebError> {
    if query.q.trim().is_empty() {
        return Ok(Json(Vec::new()));
    }
    let client = state.db().await?;
    let found = installations::search(&client, &query.q, SEARCH_RESULTS).await?;
    let base = state.config.base_url.as_deref().unwrap_or_default();
    Ok(Json(
        found
            .into_iter()
            .map(|i| FoundInstallation {
                name: format!(
                    "{} | {} - {} {}",
                    i.s3ic_id,
                    i.name,
                    i.zipcode.as_deref().unwrap_or_default(),
                    i.city.as_deref().unwrap_or_default()
                ),
                link: format!("{base}{}", paths::installation(i.id)),
            })
            .collect(),
    ))
}

/// One nomenclature line, as the classement search script reads it.
#[derive(Serialize)]
pub struct FoundReference {
    name: String,
    id: i64,
}

pub async fn classement_references(
    State(state): State<AppState>,
    Query(query): Query<SearchQuery>,
) -> Result<Json<Vec<FoundReference>>, WebError> {
    let client = state.db().await?;
    let found = found_references(&client, &query.q).await?;
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
