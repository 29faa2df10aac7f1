//! The searches as you type (JSON): installations from the home page (also a results page for
//! a form sent without JavaScript), nomenclature lines from the classement forms.

use crate::error::WebError;
use crate::paths;
use crate::routes::form_pages::found_references;
use crate::routes::pages::home_page;
use crate::state::AppState;
use crate::views::pages::FoundInstallation;
use crate::views::user_installations::reference_label;
use crate::visitor::Visitor;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::http::header::ACCEPT;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use envinorma_db::installations;
use serde::{Deserialize, Serialize};

/// The installation search lists this many installations.
const SEARCH_RESULTS: i64 = 10;

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// The installations matching `q`: JSON for the autocomplete script, and the home page with
/// its results for a browser that sent the form itself (without JavaScript), which asks for HTML.
/// Both read only the first 200 characters of `q` (the search's limit, also the field's
/// `maxlength`), and the page shows the query so cut.
pub async fn installations(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Query(query): Query<SearchQuery>,
) -> Result<Response, WebError> {
    let q = installations::search_text(&query.q);
    let searched = !q.trim().is_empty();
    let found = if searched {
        let client = state.db().await?;
        let base = state.config.base_url.as_deref().unwrap_or_default();
        installations::search(&client, q, SEARCH_RESULTS)
            .await?
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
            .collect()
    } else {
        Vec::new()
    };
    let wants_html = headers
        .get(ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if !wants_html {
        return Ok(Json(found).into_response());
    }
    home_page(&visitor, q.to_string(), searched.then_some(found))
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
