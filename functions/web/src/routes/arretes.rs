//! The AM/AP reading page (`GET /installations/:id/arretes`): the selected AMs personalised
//! for the installation and its selected APs.

use crate::access::Reading;
use crate::error::WebError;
use crate::routes::installation::core_classements;
use crate::selection::Selection;
use crate::views::am_reading::AmReading;
use crate::views::format::am_infos;
use crate::views::layout::NavItem;
use crate::views::{ArretesInput, ArretesPage, render};
use crate::visitor::Visitor;
use axum::extract::RawQuery;
use axum::http::StatusCode;
use axum::response::Response;
use envinorma_core::personalise;
use envinorma_db::{Client, ams, aps, installations, prescriptions};
use std::collections::HashSet;

pub async fn show(reading: Reading, RawQuery(query): RawQuery) -> Result<Response, WebError> {
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
    let (classements, stored_ams, aps, checked) = tokio::try_join!(
        async { Ok::<_, WebError>(installations::classements(client, id).await?) },
        async { Ok(ams::get_many(client, &selection.am_ids).await?) },
        async { Ok(aps::selected(client, &installation, &selection.ap_ids).await?) },
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
                csrf: &visitor.csrf,
            },
        ),
    )
}

/// The alinéas the visitor already took as prescriptions for this installation.
async fn checked_alineas(
    client: &impl Client,
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
