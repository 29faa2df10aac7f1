//! "Modifier les classements": the form of every classement of an installation
//! (`GET /installations/:id/edit`) and its post (`PATCH /installations/:id` with
//! `installation[classements_attributes][n][…]`), all or nothing.

use crate::access::Editing;
use crate::error::WebError;
use crate::forms::{ClassementRowInput, FieldErrors, FormFields, RowAction};
use crate::routes::form_pages::{NOT_UPDATED, UPDATED, back_to_installation, form_page};
use crate::state::AppState;
use crate::views::user_installations::{ClassementRow, EditClassementsPage};
use axum::response::Response;
use envinorma_core::classement::sort_by_regime;
use envinorma_db::installations;

/// The form with `rows`, refused when `refusal` says so.
fn answer(
    editing: Editing,
    rows: Vec<ClassementRow>,
    refusal: Option<&str>,
) -> Result<Response, WebError> {
    let title = "Modifier les classements";
    form_page(&editing.visitor, title, refusal, |layout, csrf| {
        EditClassementsPage {
            layout,
            csrf,
            installation: editing.installation,
            rows,
        }
    })
}

pub async fn show(editing: Editing) -> Result<Response, WebError> {
    let id = editing.installation.id;
    let mut classements = installations::classements(&editing.client, id).await?;
    sort_by_regime(&mut classements, |c| c.details.regime);
    let rows = classements
        .iter()
        .map(|classement| ClassementRow {
            rubrique: classement.details.rubrique.clone(),
            input: ClassementRowInput::from_stored(classement),
            errors: FieldErrors::default(),
        })
        .collect();
    answer(editing, rows, None)
}

/// Every row's change in one transaction, or the form again with the messages of its rows.
pub async fn save(
    state: &AppState,
    mut editing: Editing,
    fields: &FormFields,
) -> Result<Response, WebError> {
    let id = editing.installation.id;
    let stored = installations::classements(&editing.client, id).await?;
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
        return answer(editing, row_views, Some(NOT_UPDATED));
    }
    let tx = editing.client.transaction().await?;
    let mut deleted = Vec::new();
    for action in actions.into_iter().flatten() {
        match action {
            RowAction::Update(change) => installations::update_classement(&tx, id, &change).await?,
            RowAction::Delete(classement_id) => deleted.push(classement_id),
        }
    }
    installations::delete_classements(&tx, id, &deleted).await?;
    tx.commit().await?;
    Ok(back_to_installation(state, id, UPDATED))
}
