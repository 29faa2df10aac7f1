//! The installation page (`GET /installations/:id`): details, classements, the AMs and APs to
//! choose from.

use crate::access::{Access, InstallationId, checked};
use crate::error::WebError;
use crate::selection::Selection;
use crate::state::AppState;
use crate::views::layout::NavItem;
use crate::views::{InstallationInput, InstallationPage, Viewer, render};
use crate::visitor::Visitor;
use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use envinorma_core::{ArreteMinisteriel, Classement};
use envinorma_db::Client;
use envinorma_db::installations::{self, Installation, StoredClassement};

/// The classements as core reads them.
pub fn core_classements(classements: &[StoredClassement]) -> Vec<Classement> {
    classements.iter().map(|c| c.details.classement()).collect()
}

/// The most asked page: the installation, its classements and APs in one round trip, then
/// the same access rule as every other route.
pub async fn show(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    InstallationId(id): InstallationId,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let client = state.db().await?;
    let (installation, classements, aps) = installations::with_classements_and_aps(&client, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let installation = checked(installation, &visitor, Access::Read)?;
    let (catalog, viewer) = tokio::try_join!(
        state.ams.catalog(&client),
        viewer(&client, &installation, &visitor),
    )?;
    let core = core_classements(&classements);
    let ams = catalog.am_list(&core);
    let transverse: Vec<&ArreteMinisteriel> = catalog.transverse().collect();
    let selection = query.as_deref().and_then(Selection::from_query);
    let layout = visitor.layout(&installation.name, NavItem::None);
    render(
        StatusCode::OK,
        &InstallationPage::new(
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
        ),
    )
}

/// Which links the visitor gets on the installation page.
async fn viewer(
    client: &impl Client,
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
