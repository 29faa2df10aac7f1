//! "Modifier les classements": the form of every classement of an installation
//! (`GET /installations/:id/edit`) and its post (`PATCH /installations/:id` with
//! `installation[classements_attributes][n][…]`), all or nothing.

use crate::access::{Access, installation_for};
use crate::error::WebError;
use crate::flash::Flash;
use crate::forms::{ClassementRowInput, FieldErrors, FormFields, RowAction};
use crate::paths;
use crate::routes::form_pages::form_answer;
use crate::state::AppState;
use crate::views::layout::NavItem;
use crate::views::render;
use crate::views::user_installations::{ClassementRow, EditClassementsPage};
use crate::visitor::{Visitor, redirect_with};
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use envinorma_core::classement::sort_by_regime;
use envinorma_db::installations;

const TITLE: &str = "Modifier les classements";

pub async fn show(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let client = state.db().await?;
    let installation = installation_for(&client, id, &visitor, Access::Change).await?;
    let mut classements = installations::classements(&client, id).await?;
    sort_by_regime(&mut classements, |c| c.details.regime);
    let rows = classements
        .iter()
        .map(|classement| ClassementRow {
            rubrique: classement.details.rubrique.clone(),
            input: ClassementRowInput::from_stored(classement),
            errors: FieldErrors::default(),
        })
        .collect();
    render(
        StatusCode::OK,
        &EditClassementsPage {
            layout: visitor.layout(TITLE, NavItem::None),
            csrf: visitor.csrf.clone(),
            installation,
            rows,
        },
    )
}

/// Every row's change in one transaction, or the form again with the messages of its rows.
pub async fn save(
    state: &AppState,
    visitor: &Visitor,
    id: i64,
    fields: &FormFields,
) -> Result<Response, WebError> {
    let mut client = state.db().await?;
    let installation = installation_for(&client, id, visitor, Access::Change).await?;
    let stored = installations::classements(&client, id).await?;
    let rows = ClassementRowInput::read_all(fields);
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
    if actions.iter().any(Result::is_err) {
        let refusal = Some("L'installation n'a pas été mise à jour");
        let (status, layout) = form_answer(visitor.layout(TITLE, NavItem::None), refusal);
        return render(
            status,
            &EditClassementsPage {
                layout,
                csrf: visitor.csrf.clone(),
                installation,
                rows: row_views,
            },
        );
    }
    let tx = client.transaction().await?;
    let mut deleted = Vec::new();
    for action in actions.into_iter().flatten() {
        match action {
            RowAction::Update(change) => installations::update_classement(&tx, id, &change).await?,
            RowAction::Delete(classement_id) => deleted.push(classement_id),
        }
    }
    installations::delete_classements(&tx, id, &deleted).await?;
    tx.commit().await?;
    Ok(redirect_with(
        state,
        &paths::installation(id),
        Flash::notice("L'installation a bien été mise à jour"),
    ))
}
