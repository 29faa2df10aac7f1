//! `/am/{cid}/themes`: the topic of each section. Each section has its own small form (a
//! select of the nine topics and « Enregistrer », and « Supprimer » when it has one): a
//! click saves at once, without JavaScript. A topic under or above another is refused with
//! the page and its French reason, nothing saved.

use super::am;
use super::text::{repeatable_read, saved};
use crate::auth::Session;
use crate::error::BoError;
use crate::state::BoState;
use crate::views::{Layout, SelectOption, render};
use askama::Template;
use axum::extract::{Extension, Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use envinorma_core::ArreteMinisteriel;
use envinorma_core::authoring::{
    AmDocuments, assignable_topics, set_topic, topic_label, topic_of_code,
};
use envinorma_core::topics::Topic;
use envinorma_db::bo;
use envinorma_web::security::CsrfToken;
use serde::Deserialize;

/// The page's path for an AM.
pub(super) fn path(cid: &str) -> String {
    format!("/am/{}/themes", urlencoding::encode(cid))
}

fn remove_path(cid: &str) -> String {
    format!("{}/supprimer", path(cid))
}

/// A post of a section's form. The topic is absent from « Supprimer »'s.
#[derive(Debug, Deserialize)]
pub struct TopicForm {
    section: String,
    #[serde(default)]
    theme: String,
}

/// What the page tells of the save that led to it: a fixed sentence named by the query.
#[derive(Debug, Deserialize)]
pub struct TopicsQuery {
    message: Option<String>,
}

const SAVED: (&str, &str) = ("enregistre", "Le thème a été enregistré.");
const REMOVED: (&str, &str) = ("supprime", "Le thème a été supprimé.");

#[derive(Template)]
#[template(path = "topics.html")]
struct TopicsPage {
    layout: Layout,
    csrf: CsrfToken,
    cid: String,
    notice: Option<&'static str>,
    /// Why the last change was refused.
    error: Option<String>,
    rows: Vec<SectionRow>,
}

/// A section as the page lists it.
struct SectionRow {
    id: String,
    /// 1 for top sections.
    level: usize,
    title: String,
    /// Its topic's label.
    topic: Option<String>,
    options: Vec<SelectOption>,
}

impl TopicsPage {
    fn new(
        session: &Session,
        cid: &str,
        text: &ArreteMinisteriel,
        notice: Option<&'static str>,
        error: Option<String>,
    ) -> TopicsPage {
        let choices: Vec<(&'static str, &'static str)> = assignable_topics()
            .map(|topic| (topic.code, topic.label))
            .collect();
        TopicsPage {
            layout: Layout::signed_in(format!("Thèmes de {cid}"), session),
            csrf: session.csrf.clone(),
            cid: cid.to_string(),
            notice,
            error,
            rows: text
                .all_sections()
                .map(|(depth, section)| SectionRow {
                    id: section.id.clone(),
                    level: depth + 1,
                    title: section.title.text.trim().to_string(),
                    topic: section.topic().map(|code| topic_label(code).to_string()),
                    options: SelectOption::all(&choices, section.topic().unwrap_or_default()),
                })
                .collect(),
        }
    }

    fn am_path(&self) -> String {
        am::path(&self.cid, None)
    }

    fn save_path(&self) -> String {
        path(&self.cid)
    }

    fn remove_path(&self) -> String {
        remove_path(&self.cid)
    }
}

pub async fn show(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path(cid): Path<String>,
    Query(query): Query<TopicsQuery>,
) -> Result<Response, BoError> {
    let documents = saved(&state.db().await?, &cid).await?;
    let notice = [SAVED, REMOVED]
        .into_iter()
        .find(|(name, _)| query.message.as_deref() == Some(name))
        .map(|(_, sentence)| sentence);
    let page = TopicsPage::new(&session, &cid, &documents.text, notice, None);
    render(StatusCode::OK, &page)
}

/// « Enregistrer »: the section's topic set, or the page with why not.
pub async fn save(
    state: State<BoState>,
    session: Extension<Session>,
    Path(cid): Path<String>,
    Form(form): Form<TopicForm>,
) -> Result<Response, BoError> {
    let topic = topic_of_code(&form.theme)
        .ok_or_else(|| BoError::BadRequest("Choisissez l’un des thèmes de la liste.".into()))?;
    change(state, session, cid, &form.section, Some(topic)).await
}

/// « Supprimer »: the section's topic removed.
pub async fn remove(
    state: State<BoState>,
    session: Extension<Session>,
    Path(cid): Path<String>,
    Form(form): Form<TopicForm>,
) -> Result<Response, BoError> {
    change(state, session, cid, &form.section, None).await
}

async fn change(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    cid: String,
    section: &str,
    topic: Option<&Topic>,
) -> Result<Response, BoError> {
    let mut db = state.db().await?;
    // As the text editor: a save based on an AM read here never undoes another editor's.
    let transaction = repeatable_read(&mut db).await?;
    let before = saved(&transaction, &cid).await?;
    let mut text = before.text.clone();
    let (title, current) = text
        .all_sections()
        .find(|(_, found)| found.id == section)
        .map(|(_, found)| {
            (
                found.title.text.trim().to_string(),
                found.topic().map(str::to_owned),
            )
        })
        .ok_or_else(|| BoError::BadRequest("Cette section n’existe pas dans l’arrêté.".into()))?;
    let (notice, what) = match topic {
        Some(topic) => (
            SAVED,
            format!("thème « {} » donné à la section « {title} »", topic.label),
        ),
        None => (REMOVED, format!("thème retiré de la section « {title} »")),
    };
    // Choosing the topic a section has already changes nothing: nothing to log.
    if current.as_deref() != topic.map(|topic| topic.code) {
        if let Err(error) = set_topic(&mut text, section, topic) {
            let page = TopicsPage::new(&session, &cid, &before.text, None, Some(error.to_string()));
            return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
        let after = AmDocuments {
            text,
            ..before.clone()
        };
        bo::save(
            &transaction,
            &session.editor.login,
            &what,
            Some(&before),
            &after,
        )
        .await?;
        transaction.commit().await?;
        tracing::info!(editor = %session.editor.login, %cid, what, "back-office: topic saved");
    }
    let back = format!(
        "{}?message={}#section-{}",
        path(&cid),
        notice.0,
        urlencoding::encode(section)
    );
    Ok(Redirect::to(&back).into_response())
}
