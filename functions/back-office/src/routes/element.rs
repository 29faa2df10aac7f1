//! `/am/{cid}/parametrage/{inapplicabilite|section-alternative|avertissement}[/{id}[/copie]]`:
//! the editors of parametrization elements. Each button is a post answered with the form
//! again (a row or a block more, the chosen section's alinéas), so that they work without
//! JavaScript; « Enregistrer » saves one element per block once the whole parametrization is
//! consistent, « Supprimer » deletes the edited element. Every change is logged.

use super::text::{repeatable_read, saved};
use crate::auth::Session;
use crate::error::BoError;
use crate::forms::Fields;
use crate::parametrization::{
    Action, AlineaChoice, BlockInput, ConditionInput, ElementInput, Kind, SectionOption,
    alinea_choices, described, holds, only, paths, section_options, without,
};
use crate::state::BoState;
use crate::views::{Layout, form_status, render};
use askama::Template;
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use envinorma_core::ArreteMinisteriel;
use envinorma_core::authoring::AmDocuments;
use envinorma_db::bo;
use envinorma_web::security::CsrfToken;

/// What the form edits: a new element (maybe a copy of another) or the stored element `id`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Editing {
    New,
    Copy(String),
    Element(String),
}

#[derive(Template)]
#[template(path = "element.html")]
struct ElementPage {
    layout: Layout,
    csrf: CsrfToken,
    cid: String,
    kind: Kind,
    editing: Editing,
    input: ElementInput,
    sections: Vec<SectionOption>,
    blocks: Vec<BlockView>,
    errors: Vec<String>,
}

/// A target block with the checkboxes of its section's alinéas.
struct BlockView {
    index: usize,
    number: usize,
    input: BlockInput,
    alineas: Vec<AlineaChoice>,
}

impl ElementPage {
    fn new(
        session: &Session,
        cid: &str,
        editing: Editing,
        input: ElementInput,
        text: &ArreteMinisteriel,
        errors: Vec<String>,
    ) -> ElementPage {
        let heading = match &editing {
            Editing::New | Editing::Copy(_) => input.kind.new_label().to_owned(),
            Editing::Element(id) => format!("{} {id}", input.kind.title()),
        };
        ElementPage {
            layout: Layout::signed_in(heading, session),
            csrf: session.csrf.clone(),
            cid: cid.to_owned(),
            kind: input.kind,
            editing,
            sections: section_options(text),
            blocks: input
                .blocks
                .iter()
                .enumerate()
                .map(|(index, block)| BlockView {
                    index,
                    number: index + 1,
                    input: block.clone(),
                    alineas: alinea_choices(text, block),
                })
                .collect(),
            input,
            errors,
        }
    }

    fn answer(&self) -> Result<Response, BoError> {
        render(form_status(&self.errors), self)
    }

    fn condition(&self) -> &ConditionInput {
        &self.input.condition
    }

    fn is_edit(&self) -> bool {
        matches!(self.editing, Editing::Element(_))
    }

    fn overview_path(&self) -> String {
        paths::overview(&self.cid)
    }

    /// Where the form posts: a copy is saved as a new element.
    fn action_path(&self) -> String {
        match &self.editing {
            Editing::Element(id) => paths::editor(&self.cid, self.kind, Some(id)),
            _ => paths::editor(&self.cid, self.kind, None),
        }
    }

    fn delete_path(&self) -> String {
        match &self.editing {
            Editing::Element(id) => paths::delete(&self.cid, self.kind, id),
            _ => String::new(),
        }
    }
}

pub async fn new(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path((cid, kind)): Path<(String, String)>,
) -> Result<Response, BoError> {
    let kind = Kind::of_slug(&kind)?;
    let documents = saved(&state.db().await?, &cid).await?;
    let input = ElementInput::new(kind, &documents.text);
    ElementPage::new(&session, &cid, Editing::New, input, &documents.text, vec![]).answer()
}

pub async fn edit(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path((cid, kind, id)): Path<(String, String, String)>,
) -> Result<Response, BoError> {
    stored_form(&state, &session, &cid, &kind, Editing::Element(id)).await
}

pub async fn copy(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path((cid, kind, id)): Path<(String, String, String)>,
) -> Result<Response, BoError> {
    stored_form(&state, &session, &cid, &kind, Editing::Copy(id)).await
}

/// The form of a stored element, to edit it or to copy it.
async fn stored_form(
    state: &BoState,
    session: &Session,
    cid: &str,
    kind: &str,
    editing: Editing,
) -> Result<Response, BoError> {
    let kind = Kind::of_slug(kind)?;
    let (Editing::Element(id) | Editing::Copy(id)) = &editing else {
        return Err(BoError::NotFound);
    };
    let documents = saved(&state.db().await?, cid).await?;
    let (input, refusal) =
        ElementInput::of_element(kind, &documents.parametrization, id, &documents.text)?;
    let errors = refusal.into_iter().collect();
    ElementPage::new(session, cid, editing, input, &documents.text, errors).answer()
}

pub async fn post_new(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path((cid, kind)): Path<(String, String)>,
    fields: Fields,
) -> Result<Response, BoError> {
    post(&state, &session, &cid, &kind, Editing::New, &fields).await
}

pub async fn post_edit(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path((cid, kind, id)): Path<(String, String, String)>,
    fields: Fields,
) -> Result<Response, BoError> {
    post(&state, &session, &cid, &kind, Editing::Element(id), &fields).await
}

/// A post of the form: a round trip answered with the form, or the save.
async fn post(
    state: &BoState,
    session: &Session,
    cid: &str,
    kind: &str,
    editing: Editing,
    fields: &Fields,
) -> Result<Response, BoError> {
    let kind = Kind::of_slug(kind)?;
    let action = Action::parse(fields.text("action"))?;
    let mut input = ElementInput::read(kind, fields)?;
    let edited = match &editing {
        Editing::Element(id) => Some(id.clone()),
        _ => None,
    };
    if edited.is_some() && input.blocks.len() > 1 {
        return Err(BoError::BadRequest(
            "Une modification vise une seule section.".to_owned(),
        ));
    }
    let mut db = state.db().await?;
    // A parametrization saved by someone else meanwhile makes this save fail, instead of this
    // one being checked against a stale state.
    let transaction = repeatable_read(&mut db).await?;
    let before = saved(&transaction, cid).await?;
    if let Some(id) = &edited
        && !holds(&before.parametrization, kind, id)
    {
        return Err(BoError::NotFound);
    }
    let text = &before.text;
    let form = |input: ElementInput, errors: Vec<String>| {
        ElementPage::new(session, cid, editing.clone(), input, text, errors).answer()
    };
    if action != Action::Save {
        let refusal = input.apply(action, text, edited.is_some()).err();
        return form(input, refusal.into_iter().collect());
    }
    let made = match input.elements(text) {
        Ok(made) => made,
        Err(errors) => {
            input.show_chosen_alineas(text);
            return form(input, errors);
        }
    };
    let mut after = before.clone();
    after.parametrization = without(&before.parametrization, edited.as_deref());
    after
        .parametrization
        .inapplicable_sections
        .extend(made.inapplicable_sections.iter().cloned());
    after
        .parametrization
        .alternative_sections
        .extend(made.alternative_sections.iter().cloned());
    after
        .parametrization
        .warnings
        .extend(made.warnings.iter().cloned());
    if let Err(error) = after.parametrization.check_consistency() {
        return form(input, vec![error.to_string()]);
    }
    let participle = if edited.is_some() {
        "modifié"
    } else {
        "ajouté"
    };
    let what = format!("{} : {}", kind.done(participle), described(&made, text));
    save(transaction, session, &before, &after, &what).await?;
    Ok(Redirect::to(&paths::overview(cid)).into_response())
}

pub async fn delete(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path((cid, kind, id)): Path<(String, String, String)>,
) -> Result<Response, BoError> {
    let kind = Kind::of_slug(&kind)?;
    let mut db = state.db().await?;
    let transaction = db.transaction().await?;
    let before = saved(&transaction, &cid).await?;
    if !holds(&before.parametrization, kind, &id) {
        return Err(BoError::NotFound);
    }
    let removed = only(&before.parametrization, &id);
    let after = AmDocuments {
        parametrization: without(&before.parametrization, Some(&id)),
        ..before.clone()
    };
    let what = format!(
        "{} : {}",
        kind.done("supprimé"),
        described(&removed, &before.text)
    );
    save(transaction, &session, &before, &after, &what).await?;
    Ok(Redirect::to(&paths::overview(&cid)).into_response())
}

/// Logs and saves the change, and commits.
async fn save(
    transaction: deadpool_postgres::Transaction<'_>,
    session: &Session,
    before: &AmDocuments,
    after: &AmDocuments,
    what: &str,
) -> Result<(), BoError> {
    let editor = &session.editor.login;
    bo::save(&transaction, editor, what, Some(before), after).await?;
    transaction.commit().await?;
    tracing::info!(%editor, cid = %after.metadata.cid, what, "back-office: parametrization saved");
    Ok(())
}
