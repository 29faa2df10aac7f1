//! An AM's life: its creation from a CID, its metadata form, its deletion (with a reason) and
//! its move to "en vigueur". Every change goes through `bo::save`, which logs it.

use crate::auth::Session;
use crate::error::BoError;
use crate::forms::Fields;
use crate::state::BoState;
use crate::views::{Layout, SelectOption, render};
use askama::Template;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use deadpool_postgres::Transaction;
use envinorma_core::ArreteMinisteriel;
use envinorma_core::authoring::{
    AmDocuments, AmMetadata, AmState, FieldError, INVALID_AM_ID, MIN_DELETION_REASON, MetadataForm,
    Parametrization, is_new_am_id, state_code,
};
use envinorma_db::bo;

/// The metadata form of an AM.
fn metadata_path(cid: &str) -> String {
    format!("/am/{}/metadonnees", urlencoding::encode(cid))
}

/// Classement rows offered beyond those an AM has.
const BLANK_CLASSEMENT_ROWS: usize = 3;

#[derive(Template)]
#[template(path = "new_am.html")]
struct NewAmPage {
    layout: Layout,
    cid: String,
    error: Option<String>,
}

pub async fn new_am(Extension(session): Extension<Session>) -> Result<Response, BoError> {
    let page = NewAmPage {
        layout: Layout::signed_in("Créer un arrêté", &session),
        cid: String::new(),
        error: None,
    };
    render(StatusCode::OK, &page)
}

pub async fn create_am(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    fields: Fields,
) -> Result<Response, BoError> {
    let cid = fields.text("cid").trim().to_owned();
    let error = if !is_new_am_id(&cid) {
        Some(INVALID_AM_ID.to_owned())
    } else if bo::documents(&state.db().await?, &cid).await?.is_some() {
        Some(format!("L’arrêté {cid} existe déjà."))
    } else {
        None
    };
    match error {
        None => Ok(Redirect::to(&metadata_path(&cid)).into_response()),
        Some(error) => {
            let page = NewAmPage {
                layout: Layout::signed_in("Créer un arrêté", &session),
                cid,
                error: Some(error),
            };
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

#[derive(Template)]
#[template(path = "metadata.html")]
struct MetadataPage {
    layout: Layout,
    form: MetadataForm,
    is_new: bool,
    errors: Vec<FieldError>,
}

impl MetadataPage {
    /// The messages of one field.
    fn errors_of(&self, field: &str) -> Vec<&str> {
        self.errors
            .iter()
            .filter(|error| error.field == field)
            .map(|error| error.message.as_str())
            .collect()
    }

    fn state_options(&self) -> Vec<SelectOption> {
        let states = [
            ("EN_CREATION", "En création"),
            ("VIGUEUR", "En vigueur"),
            ("ABROGE", "Abrogé"),
            ("DELETED", "Supprimé"),
        ];
        SelectOption::all(&states, &self.form.state)
    }

    fn source_options(&self) -> Vec<SelectOption> {
        SelectOption::all(
            &[("LEGIFRANCE", "Légifrance"), ("AIDA", "AIDA")],
            &self.form.source,
        )
    }

    fn regime_options(&self, current: &str) -> Vec<SelectOption> {
        let regimes = [("", "—"), ("A", "A"), ("E", "E"), ("D", "D")];
        SelectOption::all(&regimes, current)
    }

    /// The classement rows to show: the form's and a few blank ones.
    fn rows(&self) -> Vec<[String; 3]> {
        let mut rows = self.form.classements.clone();
        rows.extend(std::iter::repeat_n(
            Default::default(),
            BLANK_CLASSEMENT_ROWS,
        ));
        rows
    }
}

fn metadata_page(
    session: &Session,
    form: MetadataForm,
    is_new: bool,
    errors: Vec<FieldError>,
) -> Result<Response, BoError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = MetadataPage {
        layout: Layout::signed_in(format!("Métadonnées de {}", form.cid), session),
        form,
        is_new,
        errors,
    };
    render(status, &page)
}

pub async fn edit_metadata(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path(cid): Path<String>,
) -> Result<Response, BoError> {
    match bo::documents(&state.db().await?, &cid).await? {
        Some(documents) => metadata_page(
            &session,
            MetadataForm::of(&documents.metadata),
            false,
            vec![],
        ),
        None if is_new_am_id(&cid) => {
            let form = MetadataForm {
                cid,
                state: state_code(AmState::EnCreation).into(),
                source: "LEGIFRANCE".into(),
                has_nor: true,
                ..MetadataForm::default()
            };
            metadata_page(&session, form, true, vec![])
        }
        None => Err(BoError::NotFound),
    }
}

pub async fn save_metadata(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path(cid): Path<String>,
    fields: Fields,
) -> Result<Response, BoError> {
    let rows: Vec<[String; 3]> = fields
        .all("rubrique")
        .zip(fields.all("regime"))
        .zip(fields.all("alinea"))
        .map(|((rubrique, regime), alinea)| [rubrique, regime, alinea])
        .collect();
    let form = MetadataForm {
        cid: cid.clone(),
        title: fields.text("title").into(),
        has_nor: fields.text("has_nor") == "1",
        nor: fields.text("nor").into(),
        nickname: fields.text("nickname").into(),
        is_transverse: fields.text("is_transverse") == "1",
        aida_page: fields.text("aida_page").into(),
        classements: rows,
        state: fields.text("state").into(),
        reason_deleted: fields.text("reason_deleted").into(),
        source: fields.text("source").into(),
    };
    let mut db = state.db().await?;
    let transaction = db.transaction().await?;
    let before = bo::documents(&transaction, &cid).await?;
    let metadata = match form.parse() {
        Ok(metadata) => metadata,
        Err(errors) => return metadata_page(&session, form, before.is_none(), errors),
    };
    let (after, what) = match &before {
        Some(before) => (
            AmDocuments {
                metadata,
                ..before.clone()
            },
            "métadonnées modifiées",
        ),
        None => (empty_am(metadata)?, "arrêté créé"),
    };
    let change = Change {
        what,
        before: before.as_ref(),
        after: &after,
    };
    save_and_show(transaction, &session, &cid, change).await
}

/// A new AM: its metadata, an empty text with its title and date, no parametrization.
fn empty_am(metadata: AmMetadata) -> Result<AmDocuments, BoError> {
    let text: ArreteMinisteriel = serde_json::from_value(serde_json::json!({
        "id": metadata.cid,
        "title": {"text": metadata.title},
        "date_of_signature": metadata.date_of_signature.to_string(),
        "sections": [],
        "visa": [],
    }))
    .map_err(|error| BoError::Internal(format!("empty AM: {error}")))?;
    Ok(AmDocuments {
        metadata,
        text,
        parametrization: Parametrization::default(),
    })
}

/// Applies `change` to an AM's metadata and saves it as `what`; `change` may refuse with a
/// French message (shown on a 422 page).
async fn change_metadata(
    state: &BoState,
    session: &Session,
    cid: &str,
    what: String,
    change: impl FnOnce(&mut AmMetadata) -> Result<(), String>,
) -> Result<Response, BoError> {
    let mut db = state.db().await?;
    let transaction = db.transaction().await?;
    let before = bo::documents(&transaction, cid)
        .await?
        .ok_or(BoError::NotFound)?;
    let mut after = before.clone();
    if let Err(message) = change(&mut after.metadata) {
        return Err(BoError::Refused(message));
    }
    let change = Change {
        what: &what,
        before: Some(&before),
        after: &after,
    };
    save_and_show(transaction, session, cid, change).await
}

/// A change of an AM's documents, as the edit log keeps it.
struct Change<'a> {
    what: &'a str,
    before: Option<&'a AmDocuments>,
    after: &'a AmDocuments,
}

/// Logs and saves the change, commits, and shows the AM.
async fn save_and_show(
    transaction: Transaction<'_>,
    session: &Session,
    cid: &str,
    change: Change<'_>,
) -> Result<Response, BoError> {
    let editor = &session.editor.login;
    bo::save(
        &transaction,
        editor,
        change.what,
        change.before,
        change.after,
    )
    .await?;
    transaction.commit().await?;
    Ok(Redirect::to(&super::am::path(cid, None)).into_response())
}

pub async fn delete(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path(cid): Path<String>,
    fields: Fields,
) -> Result<Response, BoError> {
    let reason = fields.text("reason").trim().to_owned();
    let what = format!("arrêté supprimé : {reason}");
    change_metadata(&state, &session, &cid, what, |metadata| {
        if !matches!(metadata.state, AmState::Vigueur | AmState::EnCreation) {
            return Err("Seul un arrêté en vigueur ou en création peut être supprimé.".into());
        }
        if reason.chars().count() < MIN_DELETION_REASON {
            return Err(format!(
                "Le motif de suppression doit compter au moins {MIN_DELETION_REASON} caractères."
            ));
        }
        metadata.state = AmState::Deleted;
        metadata.reason_deleted = Some(reason.clone());
        Ok(())
    })
    .await
}

pub async fn put_in_force(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path(cid): Path<String>,
) -> Result<Response, BoError> {
    let what = "statut : en vigueur".to_owned();
    change_metadata(&state, &session, &cid, what, |metadata| {
        if metadata.state != AmState::EnCreation {
            return Err("Seul un arrêté en création peut passer en vigueur.".into());
        }
        metadata.state = AmState::Vigueur;
        Ok(())
    })
    .await
}
