//! The search in the text of the APs: every public installation's (`GET /aps/recherche`,
//! with a filter by département) and one installation's (`GET /installations/:id/aps/recherche`,
//! reached from its page). Plain GET forms: the results are a page, with or without JavaScript,
//! whose URL can be kept or shared.

use crate::access::Reading;
use crate::ap_search::{ApSearch, PER_PAGE};
use crate::error::WebError;
use crate::state::AppState;
use crate::views::ap_search::{ApSearchPage, Searched};
use crate::views::layout::{Layout, NavItem};
use crate::views::render;
use crate::visitor::Visitor;
use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use envinorma_db::Client;
use envinorma_db::ap_pages::{self, Found, Scope};
use envinorma_db::installations;

const TITLE: &str = "Rechercher dans les arrêtés préfectoraux";

/// Every public installation's APs.
pub async fn everywhere(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let client = state.db().await?;
    let departments = installations::public_departments(&client).await?;
    let (search, error) = ApSearch::parse(query.as_deref().unwrap_or_default(), Some(&departments));
    let scope = Scope::Everywhere {
        department: search.department.as_deref(),
    };
    let found = run(&client, &search, error, scope).await?;
    answer(
        visitor.layout(TITLE, NavItem::ApSearch),
        Searched::Everywhere {
            departments: &departments,
        },
        &search,
        error,
        found,
    )
}

/// The APs of an installation the visitor may read: a copy's are its original's, as its page
/// lists them.
pub async fn installation(
    reading: Reading,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let (search, error) = ApSearch::parse(query.as_deref().unwrap_or_default(), None);
    let scope = Scope::Installation(reading.installation.aps_holder());
    let found = run(&reading.client, &search, error, scope).await?;
    let title = format!("{} - {TITLE}", reading.installation.name);
    answer(
        reading.visitor.layout(&title, NavItem::None),
        Searched::Installation(&reading.installation),
        &search,
        error,
        found,
    )
}

/// The page of results asked, `None` when there is nothing to search or the search is invalid.
async fn run(
    client: &impl Client,
    search: &ApSearch,
    error: Option<&str>,
    scope: Scope<'_>,
) -> Result<Option<Found>, WebError> {
    if error.is_some() || search.is_blank() {
        return Ok(None);
    }
    let found = ap_pages::search(client, &search.query, scope, search.offset(), PER_PAGE).await?;
    Ok(Some(found))
}

fn answer(
    layout: Layout,
    searched: Searched<'_>,
    search: &ApSearch,
    error: Option<&'static str>,
    found: Option<Found>,
) -> Result<Response, WebError> {
    // The form comes back with what was typed and what is wrong, as the other forms do.
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    render(
        status,
        &ApSearchPage::new(layout, searched, search, error, found),
    )
}
