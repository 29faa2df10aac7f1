//! `/am/{cid}/legifrance`: the AM's text replaced by the one of a Légifrance payload (the JSON
//! answer of the API's `consult`). The payload's text is handed to the structure editor as
//! lines, with its review: saving it is a structure edit like any other.
//!
//! The payload is fetched from the API when the back-office has PISTE credentials
//! (`crate::piste`), or given by the editor: a JSON file, or its text pasted, in one multipart
//! form that works without JavaScript. Real payloads are a few hundred kilobytes; the guard's
//! form limit bounds the rest.

use super::text::{self, Check, TextPage};
use crate::auth::Session;
use crate::editing::Origin;
use crate::error::BoError;
use crate::forms::Fields;
use crate::state::BoState;
use crate::views::{Layout, render};
use askama::Template;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use bytes::Bytes;
use envinorma_core::ArreteMinisteriel;
use envinorma_core::authoring::structure::{apply_edit, to_lines};
use envinorma_core::legifrance::{
    LegifranceError, MAX_HTML_DEPTH, MAX_JSON_DEPTH, am_from_legifrance,
};
use envinorma_web::security::CsrfToken;

/// The import's path for an AM.
pub(super) fn path(cid: &str) -> String {
    format!("/am/{}/legifrance", urlencoding::encode(cid))
}

/// The form's fields: the file, and the textarea for a pasted payload.
const FILE_FIELD: &str = "fichier";
pub(super) const PASTED_FIELD: &str = "payload";

#[derive(Template)]
#[template(path = "legifrance.html")]
struct UploadPage {
    layout: Layout,
    csrf: CsrfToken,
    cid: String,
    action: String,
    /// Where to fetch the text from the Légifrance API, when the back-office can.
    api_action: Option<String>,
    text_path: String,
    /// What was pasted, shown again with its error so that it need not be pasted again.
    payload: String,
    error: Option<String>,
}

fn upload_page(
    state: &BoState,
    session: &Session,
    cid: &str,
    payload: String,
    error: Option<String>,
) -> UploadPage {
    UploadPage {
        layout: Layout::signed_in(format!("Version Légifrance de {cid}"), session),
        csrf: session.csrf.clone(),
        cid: cid.to_string(),
        action: path(cid),
        api_action: state
            .config
            .piste
            .is_some()
            .then(|| format!("{}/api", path(cid))),
        text_path: text::path(cid),
        payload,
        error,
    }
}

pub async fn show(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path(cid): Path<String>,
) -> Result<Response, BoError> {
    text::saved(&state.db().await?, &cid).await?;
    render(
        StatusCode::OK,
        &upload_page(&state, &session, &cid, String::new(), None),
    )
}

/// The payload read: the editor with its text and what replacing the saved one would do, or
/// the form again with why it cannot be read.
pub async fn import(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path(cid): Path<String>,
    fields: Fields,
) -> Result<Response, BoError> {
    let pasted = fields.text(PASTED_FIELD).to_owned();
    review(&state, &session, &cid, Ok(&given_payload(&fields)), pasted).await
}

/// The payload of a form with the file and pasted fields: its file when one was chosen, else
/// its pasted text.
pub(super) fn given_payload(fields: &Fields) -> Bytes {
    // A browser sends an empty file part when no file was chosen.
    match fields.bytes(FILE_FIELD) {
        Some(file) if !file.is_empty() => file.clone(),
        _ => Bytes::from(fields.text(PASTED_FIELD).to_owned()),
    }
}

/// The text of a payload given for the AM `cid`, or the editor's sentence saying why it
/// cannot be read.
pub(super) fn read_payload(payload: &[u8], cid: &str) -> Result<ArreteMinisteriel, String> {
    if payload.iter().all(u8::is_ascii_whitespace) {
        return Err("Choisissez le fichier JSON du texte, ou collez son contenu.".into());
    }
    let am = am_from_legifrance(payload).map_err(|error| french(&error))?;
    if am.id != cid {
        return Err(format!(
            "Ce texte Légifrance est celui de l’arrêté {}, pas de {cid} : vérifiez le fichier.",
            am.id
        ));
    }
    Ok(am)
}

/// `POST /am/{cid}/legifrance/api`: the text in force today, fetched from the Légifrance API
/// (when the back-office has PISTE credentials), then as a payload given by the editor.
pub async fn fetch(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path(cid): Path<String>,
) -> Result<Response, BoError> {
    let Some(piste) = &state.config.piste else {
        return Err(BoError::NotFound);
    };
    let payload = piste.text(&cid).await;
    let payload = payload.as_deref().map_err(|error| error.0.clone());
    review(&state, &session, &cid, payload, String::new()).await
}

/// The editor with the payload's text and what replacing the saved one would do, or the form
/// again with why the payload (or the API) failed.
async fn review(
    state: &BoState,
    session: &Session,
    cid: &str,
    payload: Result<&[u8], String>,
    pasted: String,
) -> Result<Response, BoError> {
    let documents = text::saved(&state.db().await?, cid).await?;
    let refused = |error: String| {
        let page = upload_page(state, session, cid, pasted, Some(error));
        render(StatusCode::UNPROCESSABLE_ENTITY, &page)
    };
    let am = match payload.and_then(|payload| read_payload(payload, cid)) {
        Ok(am) => am,
        Err(error) => return refused(error),
    };
    let lines = to_lines(&am).join("\n");
    let edit = apply_edit(&documents.text, &documents.parametrization, &lines);
    let page = TextPage::new(
        session,
        cid,
        lines,
        Origin::Legifrance,
        Check::of(&edit, false),
    );
    render(StatusCode::OK, &page)
}

/// The editor's sentence for a payload that cannot be read.
fn french(error: &LegifranceError) -> String {
    const ONE_TEXT: &str = "vérifiez qu’il s’agit du JSON d’un seul texte";
    match error {
        LegifranceError::TooLarge { size } => {
            format!("Ce contenu fait {size} octets, plus qu’aucun texte Légifrance : {ONE_TEXT}.")
        }
        LegifranceError::TooDeep => format!(
            "Ce JSON est imbriqué sur plus de {MAX_JSON_DEPTH} niveaux, plus qu’aucun texte \
             Légifrance : {ONE_TEXT}."
        ),
        LegifranceError::HtmlTooDeep => format!(
            "Un passage HTML du texte imbrique ses balises sur plus de {MAX_HTML_DEPTH} niveaux, \
             plus qu’aucun texte Légifrance : vérifiez qu’il s’agit du texte tel que Légifrance \
             le donne."
        ),
        LegifranceError::NotJson { .. } => "Ce contenu n’est pas du JSON : donnez la réponse \
             JSON de l’API « consult » de Légifrance, telle quelle."
            .to_string(),
        LegifranceError::NotALegifranceText { .. } => "Ce JSON n’est pas un texte Légifrance : \
             il lui faut au moins les champs « title », « articles » et « sections », comme \
             dans la réponse de l’API « consult »."
            .to_string(),
        LegifranceError::MissingCid => "Ce texte n’a ni « cid » ni « id » (du type \
             JORFTEXT000000000000_01-01-2999) qui désigne l’arrêté."
            .to_string(),
        LegifranceError::TitleWithoutDate { title } => format!(
            "Le titre « {title} » ne se lit pas « Arrêté du <jour> <mois> <année> … » : ses \
             troisième à cinquième mots doivent former une date qui existe (« 1er mars 2010 », \
             « 27 juillet 2015 »)."
        ),
    }
}
