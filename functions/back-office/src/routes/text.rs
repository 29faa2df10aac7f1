//! `/am/{cid}/texte`: the structure editor. The text as lines in a textarea; "Vérifier les
//! modifications" shows the diff, the errors or what would be lost without saving; "Enregistrer"
//! saves the edit, once confirmed when it loses topics or parametrization. All of it works
//! without JavaScript: each button is a form post answered with the page.

use super::am::{self, Notice};
use crate::auth::Session;
use crate::editing::{self, Origin, TocEntry};
use crate::error::BoError;
use crate::state::BoState;
use crate::views::{Layout, render};
use askama::Template;
use axum::extract::{Extension, Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use envinorma_core::authoring::AmDocuments;
use envinorma_core::authoring::structure::{self, Change, DiffLine, Edit, Orphans, to_lines};
use envinorma_db::bo;
use envinorma_db::tokio_postgres::IsolationLevel;
use envinorma_web::security::CsrfToken;
use serde::Deserialize;
use std::collections::HashSet;

/// The editor's path for an AM.
pub(super) fn path(cid: &str) -> String {
    format!("/am/{}/texte", urlencoding::encode(cid))
}

/// A post of the editor's form.
#[derive(Debug, Deserialize)]
pub struct TextForm {
    texte: String,
    #[serde(default)]
    origine: Origin,
    /// The box "Je confirme la perte de ces éléments", sent only when ticked.
    confirmation: Option<String>,
}

#[derive(Template)]
#[template(path = "text.html")]
pub(super) struct TextPage {
    layout: Layout,
    csrf: CsrfToken,
    cid: String,
    /// The textarea's content.
    lines: String,
    toc: Vec<TocEntry>,
    origin: Origin,
    check: Check,
}

/// What the page says of the text in its textarea.
pub(super) enum Check {
    /// Nothing yet: the saved text, as opened.
    Opened,
    /// The text cannot be saved: each error's French sentence.
    Errors(Vec<String>),
    /// The text can be saved; this is what saving would change.
    Reviewed(Review),
}

pub(super) struct Review {
    /// The changed lines with some context, in runs.
    hunks: Vec<Vec<DiffLine>>,
    /// The stored sections the edit removes.
    orphans: Vec<OrphanView>,
    /// Whether some orphan loses a topic or parametrization: saving then needs confirmation.
    needs_confirmation: bool,
    /// Whether this page answers a save refused for want of that confirmation.
    refused: bool,
}

/// A removed section as the page lists it.
struct OrphanView {
    titles: String,
    topic: Option<String>,
    elements: Vec<String>,
}

impl TextPage {
    /// The page for `lines` of the AM `cid`, checked as `check` says.
    pub(super) fn new(
        session: &Session,
        cid: &str,
        lines: String,
        origin: Origin,
        check: Check,
    ) -> TextPage {
        TextPage {
            layout: Layout::signed_in(format!("Texte de {cid}"), session),
            csrf: session.csrf.clone(),
            cid: cid.to_string(),
            toc: editing::toc(&lines),
            lines,
            origin,
            check,
        }
    }

    fn save_path(&self) -> String {
        path(&self.cid)
    }

    fn verify_path(&self) -> String {
        format!("{}/verifier", path(&self.cid))
    }

    fn am_path(&self) -> String {
        am::path(&self.cid, None)
    }

    fn legifrance_path(&self) -> String {
        super::legifrance::path(&self.cid)
    }
}

impl Check {
    /// What `apply_edit` says of an edit, for the page.
    pub(super) fn of(edit: &Result<Edit, Vec<structure::ParseError>>, refused: bool) -> Check {
        match edit {
            Err(errors) => Check::Errors(errors.iter().map(ToString::to_string).collect()),
            Ok(edit) => Check::Reviewed(Review {
                hunks: editing::hunks(&edit.diff),
                needs_confirmation: needs_confirmation(&edit.orphans),
                orphans: edit
                    .orphans
                    .sections
                    .iter()
                    .map(|orphan| OrphanView {
                        titles: orphan.titles.join(" › "),
                        topic: orphan.topic.clone(),
                        elements: editing::descriptions(&orphan.parametrization),
                    })
                    .collect(),
                refused,
            }),
        }
    }

    /// The page's status: 422 when the text cannot be saved as it is.
    pub(super) fn status(&self) -> StatusCode {
        match self {
            Check::Errors(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Check::Reviewed(review) if review.refused => StatusCode::CONFLICT,
            _ => StatusCode::OK,
        }
    }
}

fn needs_confirmation(orphans: &Orphans) -> bool {
    orphans.sections.iter().any(editing::loses_work)
}

/// The saved documents of `cid`, or 404.
pub(super) async fn saved(
    client: &impl envinorma_db::Client,
    cid: &str,
) -> Result<AmDocuments, BoError> {
    bo::documents(client, cid).await?.ok_or(BoError::NotFound)
}

/// A transaction that fails on commit when what it read was changed meanwhile: a save based
/// on an AM read in it never undoes another editor's save.
pub(super) async fn repeatable_read(
    db: &mut deadpool_postgres::Object,
) -> Result<deadpool_postgres::Transaction<'_>, BoError> {
    Ok(db
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .start()
        .await?)
}

pub async fn show(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path(cid): Path<String>,
) -> Result<Response, BoError> {
    let documents = saved(&state.db().await?, &cid).await?;
    let lines = to_lines(&documents.text).join("\n");
    let page = TextPage::new(&session, &cid, lines, Origin::Editeur, Check::Opened);
    render(StatusCode::OK, &page)
}

/// "Vérifier les modifications": the page again, with what saving would do.
pub async fn verify(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path(cid): Path<String>,
    Form(form): Form<TextForm>,
) -> Result<Response, BoError> {
    let documents = saved(&state.db().await?, &cid).await?;
    let edit = structure::apply_edit(&documents.text, &documents.parametrization, &form.texte);
    let check = Check::of(&edit, false);
    let page = TextPage::new(&session, &cid, form.texte, form.origine, check);
    render(page.check.status(), &page)
}

/// "Enregistrer": the edit saved and logged, or the page again with why not.
pub async fn save(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path(cid): Path<String>,
    Form(form): Form<TextForm>,
) -> Result<Response, BoError> {
    let mut db = state.db().await?;
    // An edit saved by someone else since this one read the AM makes this save fail, instead
    // of silently undoing theirs.
    let transaction = repeatable_read(&mut db).await?;
    let before = saved(&transaction, &cid).await?;
    let edit = structure::apply_edit(&before.text, &before.parametrization, &form.texte);
    let confirmed = form.confirmation.is_some();
    let edit = match edit {
        Ok(edit) if confirmed || !needs_confirmation(&edit.orphans) => edit,
        refused => {
            let check = Check::of(&refused, true);
            let page = TextPage::new(&session, &cid, form.texte, form.origine, check);
            return render(page.check.status(), &page);
        }
    };
    if edit.diff.is_unchanged() && edit.orphans.is_empty() {
        return Ok(Redirect::to(&am::path(&cid, Some(Notice::Unchanged))).into_response());
    }
    let gone: HashSet<&str> = edit
        .orphans
        .sections
        .iter()
        .map(|orphan| orphan.section_id.as_str())
        .collect();
    let after = AmDocuments {
        metadata: before.metadata.clone(),
        parametrization: before.parametrization.without_sections(&gone),
        text: edit.text,
    };
    let what = form.origine.what();
    bo::save(
        &transaction,
        &session.editor.login,
        what,
        Some(&before),
        &after,
    )
    .await?;
    transaction.commit().await?;
    tracing::info!(editor = %session.editor.login, %cid, what, "back-office: text saved");
    Ok(Redirect::to(&am::path(&cid, Some(Notice::TextSaved))).into_response())
}
