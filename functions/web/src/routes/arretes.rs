//! The AM/AP reading page (`GET /installations/:id/arretes`): the selected AMs personalised
//! for the installation and its selected APs.

use crate::access::Reading;
use crate::error::WebError;
use crate::routes::installation::core_classements;
use crate::routes::prescriptions::taken_and_grouping;
use crate::selection::Selection;
use crate::state::AppState;
use crate::views::am_reading::AmReading;
use crate::views::format::am_infos;
use crate::views::layout::NavItem;
use crate::views::{ArretesInput, ArretesPage, render};
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use envinorma_core::personalise;
use envinorma_db::{ams, aps, installations};
use std::collections::HashSet;

pub async fn show(
    State(state): State<AppState>,
    reading: Reading,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let Reading {
        visitor,
        installation,
        client,
        ..
    } = reading;
    let (client, id) = (&client, installation.id);
    let selection = query
        .as_deref()
        .and_then(Selection::from_query)
        .unwrap_or_default();
    let (classements, catalog) = tokio::try_join!(
        async { Ok::<_, WebError>(installations::classements(client, id).await?) },
        state.ams.catalog(client),
    )?;
    let core = core_classements(&classements);
    // Only the AMs the installation page lists for it: a page of any AMs at all would have no
    // bound (200 AMs make 42 MB, above what a function URL may answer).
    let listed: HashSet<&str> = catalog
        .am_list(&core)
        .iter()
        .map(|entry| entry.am.id.as_str())
        .chain(catalog.transverse().map(|am| am.id.as_str()))
        .collect();
    if let Some(cid) = selection
        .am_ids
        .iter()
        .find(|cid| !listed.contains(cid.as_str()))
    {
        return Err(WebError::BadRequest(format!(
            "L’arrêté ministériel {cid} ne concerne pas cette installation."
        )));
    }
    let (stored_ams, aps, (taken, by_topic)) = tokio::try_join!(
        async { Ok::<_, WebError>(ams::get_many(client, &selection.am_ids).await?) },
        async { Ok(aps::selected(client, &installation, &selection.ap_ids).await?) },
        taken_and_grouping(client, visitor.user_id(), id),
    )?;
    // The alinéas the visitor already took: their boxes are ticked.
    let checked: HashSet<String> = taken.alinea_ids.into_iter().collect();
    if aps.len() != selection.ap_ids.len() {
        return Err(WebError::BadRequest(
            "Un des arrêtés préfectoraux demandés n’est pas un arrêté de cette installation."
                .into(),
        ));
    }
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
    render(
        StatusCode::OK,
        &ArretesPage::new(
            layout,
            ArretesInput {
                installation_id: id,
                installation_name: &installation.name,
                selection: &selection,
                ams: &readings,
                aps: &aps,
                checked_alineas: &checked,
                prescription_count: taken.count,
                by_topic,
                csrf: &visitor.csrf,
            },
        ),
    )
}
