//! The prescriptions a user takes for an installation: alinéas ticked on the AM/AP page,
//! prescriptions typed from an AP, their deletion, their compliance status and how the recap
//! groups them.
//!
//! Prescriptions belong to the user, not to the installation: anyone who may read an
//! installation (a public one, or their own) keeps their own list for it, and every query is
//! scoped to (user, installation), so no one reaches another user's prescriptions by their id.
//!
//! Each change answers a script (`Accept: application/json`, the page's fetch) with the new
//! state of the list, and a plain form with a redirection back to the page it came from.

use crate::access::Reading;
use crate::error::WebError;
use crate::flash::Flash;
use crate::forms::FormFields;
use crate::paths;
use crate::selection::Selection;
use crate::state::AppState;
use crate::views::format::{am_reference, arrete_label};
use crate::views::layout::NavItem;
use crate::views::recap::{RecapInput, RecapPage};
use crate::views::render;
use crate::visitor::redirect_with;
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::{ACCEPT, LOCATION};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use envinorma_core::personalise;
use envinorma_db::prescriptions::{
    self, NewPrescription, Status, Taken, TickedAlinea, TickedSection,
};
use envinorma_db::{Client, aps, installations, users};
use serde::Serialize;
use std::collections::HashMap;

/// Form fields of the AM/AP page's section forms.
pub const AM_ID_FIELD: &str = "installation[am_id]";
pub const SECTION_ID_FIELD: &str = "installation[section_id]";
/// Prefix of an alinéa box's name: `prescription_checkbox_<sectionId>_<index>`.
pub const CHECKBOX_PREFIX: &str = "prescription_checkbox_";
/// Fields of the AP prescription form.
pub const AP_ID_FIELD: &str = "prescription[ap_id]";
pub const REFERENCE_FIELD: &str = "prescription[reference]";
pub const NAME_FIELD: &str = "prescription[name]";
pub const CONTENT_FIELD: &str = "prescription[content]";
/// Fields of the recap's compliance form.
pub const STATUS_FIELD: &str = "prescription[status]";
pub const COMMENT_FIELD: &str = "prescription[comment]";
/// Where a form goes back to: the selection of arrêtés of the page it was on, and which page.
pub const RETURN_QUERY_FIELD: &str = "return_query";
pub const RETURN_PAGE_FIELD: &str = "return_page";
/// The value of [`RETURN_PAGE_FIELD`] for the recap page (else the AM/AP page).
pub const RETURN_TO_RECAP: &str = "recap";
/// The element of that page to come back to (letters, digits, `_` and `-` only).
pub const RETURN_ANCHOR_FIELD: &str = "return_anchor";

/// One user's list for one installation stays what an inspection can use (and what an
/// export builds in milliseconds).
pub const MAX_PRESCRIPTIONS: i64 = 2000;
/// Bounds of what a user types (characters).
const MAX_REFERENCE_CHARS: usize = 500;
const MAX_CONTENT_CHARS: usize = 20_000;
const MAX_COMMENT_CHARS: usize = 4000;

pub const EMPTY_FIELDS: &str = "Les champs contenu et référence ne doivent pas être vides.";
const TOO_LONG: &str = "Ce texte est trop long : la référence et le nom ne doivent pas dépasser \
                        500 caractères, le contenu 20 000 caractères.";
const COMMENT_TOO_LONG: &str = "Le commentaire ne doit pas dépasser 4 000 caractères.";
const TOO_MANY: &str = "Vous avez atteint le nombre maximal de prescriptions (2 000) pour cette \
                        installation : supprimez-en avant d’en ajouter.";
const UNKNOWN_STATUS: &str = "Choisissez un statut dans la liste.";
const UNKNOWN_SECTION: &str = "Cette section n’existe pas (l’arrêté a peut-être été mis à jour) : \
                               rechargez la page.";
const UNKNOWN_AP: &str = "Cet arrêté préfectoral n’est pas un arrêté de cette installation.";
const ADDED: &str = "La prescription a été ajoutée.";
const DELETED: &str = "La prescription a été supprimée.";
const ALL_DELETED: &str = "Toutes les prescriptions ont été supprimées.";
const SAVED: &str = "La sélection a été enregistrée.";
const STATUS_SAVED: &str = "Le constat a été enregistré.";

/// What a script learns after a change: enough to update the counter and the ticks.
#[derive(Debug, Serialize)]
struct ListState {
    count: i64,
    alinea_ids: Vec<String>,
    message: &'static str,
}

/// A refusal for a script: the message it shows next to the form.
#[derive(Debug, Serialize)]
struct Refusal<'a> {
    error: &'a str,
}

/// The page a form came from, rebuilt from its fields (never a URL taken from the request).
fn back_url(id: i64, fields: &FormFields) -> String {
    let anchor = Some(fields.get(RETURN_ANCHOR_FIELD)).filter(|anchor| {
        (1..=80).contains(&anchor.len())
            && anchor
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    });
    let selection = Selection::from_query(fields.get(RETURN_QUERY_FIELD)).unwrap_or_default();
    let page = if fields.get(RETURN_PAGE_FIELD) == RETURN_TO_RECAP {
        paths::prescriptions_with(id, &selection)
    } else {
        paths::arretes_with(id, &selection)
    };
    match anchor {
        Some(anchor) => format!("{page}#{anchor}"),
        None => page,
    }
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"))
}

/// After a change: the list's state to a script (`list` is awaited only then), the page back
/// to a form.
async fn changed(
    state: &AppState,
    headers: &HeaderMap,
    back: String,
    message: &'static str,
    list: impl Future<Output = Result<Taken, WebError>>,
) -> Result<Response, WebError> {
    if !wants_json(headers) {
        return Ok(redirect_with(state, &back, Flash::notice(message)));
    }
    let Taken { count, alinea_ids } = list.await?;
    Ok(Json(ListState {
        count,
        alinea_ids,
        message,
    })
    .into_response())
}

/// What the user's list holds (for a script's answer).
async fn list_state(
    client: &impl Client,
    user_id: i64,
    installation_id: i64,
) -> Result<Taken, WebError> {
    Ok(prescriptions::taken(client, user_id, installation_id).await?)
}

/// A refusal: a message next to the form for a script, a flash on the page back for a form.
fn refused(state: &AppState, headers: &HeaderMap, back: String, message: &str) -> Response {
    if wants_json(headers) {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(Refusal { error: message }),
        )
            .into_response()
    } else {
        redirect_with(state, &back, Flash::alert(message))
    }
}

/// `POST /installations/:id/prescriptions/from_am`: makes the user's prescriptions from one
/// section exactly its ticked alinéas, with the text the inspector reads (a modified
/// section's new version: the original stored the unmodified text).
pub async fn from_am(
    State(state): State<AppState>,
    reading: Reading,
    headers: HeaderMap,
    fields: FormFields,
) -> Result<Response, WebError> {
    let Reading {
        visitor,
        installation,
        client,
        ..
    } = reading;
    let id = installation.id;
    let section_id = fields.get(SECTION_ID_FIELD);
    let back = back_url(id, &fields);
    let (am, classements) =
        tokio::try_join!(state.ams.am(&client, fields.get(AM_ID_FIELD)), async {
            Ok(installations::classements(&client, id).await?)
        },)?;
    let Some(am) = am else {
        return Ok(refused(&state, &headers, back, UNKNOWN_SECTION));
    };
    let core = crate::routes::installation::core_classements(&classements);
    let personalised = personalise(&am, &core);
    let Some(alineas) = personalised.section_alineas(section_id) else {
        return Ok(refused(&state, &headers, back, UNKNOWN_SECTION));
    };
    let user_id = visitor.save(&client).await?;
    let text_reference = am_reference(&am, &classements);
    let alinea_ids: Vec<String> = alineas
        .iter()
        .map(|alinea| format!("{section_id}_{}", alinea.index_in_section))
        .collect();
    let ticked: Vec<TickedAlinea> = alineas
        .iter()
        .zip(&alinea_ids)
        .filter(|(_, alinea_id)| fields.has(&format!("{CHECKBOX_PREFIX}{alinea_id}")))
        .map(|(alinea, alinea_id)| TickedAlinea {
            alinea_id,
            reference: alinea.section_reference.unwrap_or_default(),
            name: alinea.section_name,
            content: &alinea.content,
            is_table: alinea.is_table,
            rank: &alinea.section_rank,
            topic: alinea.topic,
        })
        .collect();
    let section = TickedSection {
        user_id,
        installation_id: id,
        am_id: &am.id,
        section_id,
        text_reference: &text_reference,
        alineas: &ticked,
    };
    let saved = prescriptions::replace_section(&client, &section, MAX_PRESCRIPTIONS).await?;
    if !saved.within_limit {
        return Ok(refused(&state, &headers, back, TOO_MANY));
    }
    let list = async { Ok(saved.taken) };
    changed(&state, &headers, back, SAVED, list).await
}

/// `POST /installations/:id/prescriptions/from_ap`: a prescription typed from one of the
/// installation's APs; reference and content are required.
pub async fn from_ap(
    State(state): State<AppState>,
    reading: Reading,
    headers: HeaderMap,
    fields: FormFields,
) -> Result<Response, WebError> {
    let Reading {
        visitor,
        installation,
        client,
        ..
    } = reading;
    let id = installation.id;
    let ap_id = fields.get(AP_ID_FIELD);
    let back = back_url(id, &fields);
    let (reference, name, content) = (
        fields.get(REFERENCE_FIELD).trim(),
        fields.get(NAME_FIELD).trim(),
        fields.get(CONTENT_FIELD).trim(),
    );
    if reference.is_empty() || content.is_empty() {
        return Ok(refused(&state, &headers, back, EMPTY_FIELDS));
    }
    if reference.chars().count() > MAX_REFERENCE_CHARS
        || name.chars().count() > MAX_REFERENCE_CHARS
        || content.chars().count() > MAX_CONTENT_CHARS
    {
        return Ok(refused(&state, &headers, back, TOO_LONG));
    }
    let Some(ap) = aps::selected(&client, &installation, &[ap_id.to_string()])
        .await?
        .pop()
    else {
        return Ok(refused(&state, &headers, back, UNKNOWN_AP));
    };
    let user_id = visitor.save(&client).await?;
    if prescriptions::count(&client, user_id, id).await? >= MAX_PRESCRIPTIONS {
        return Ok(refused(&state, &headers, back, TOO_MANY));
    }
    let text_reference = arrete_label("AP", ap.date, "");
    prescriptions::insert(
        &client,
        &NewPrescription {
            user_id,
            installation_id: id,
            from_am_id: None,
            alinea_id: None,
            reference,
            content,
            text_reference: Some(&text_reference),
            rank: None,
            topic: envinorma_core::topics::NO_TOPIC,
            is_table: false,
            name: (!name.is_empty()).then_some(name),
        },
    )
    .await?;
    changed(
        &state,
        &headers,
        back,
        ADDED,
        list_state(&client, user_id, id),
    )
    .await
}

/// The prescription id of `/installations/:id/prescriptions/:prescription_id`.
fn prescription_id(params: &HashMap<String, String>) -> Result<i64, WebError> {
    params
        .get("prescription_id")
        .and_then(|id| id.parse().ok())
        .ok_or(WebError::NotFound)
}

/// `DELETE /installations/:id/prescriptions/:prescription_id`: only one of the user's own
/// (the original deleted any id).
pub async fn destroy(
    State(state): State<AppState>,
    reading: Reading,
    Path(params): Path<HashMap<String, String>>,
    headers: HeaderMap,
    fields: FormFields,
) -> Result<Response, WebError> {
    let prescription = prescription_id(&params)?;
    let (id, client) = (reading.installation.id, &reading.client);
    let user_id = reading.visitor.user_id().ok_or(WebError::NotFound)?;
    if !prescriptions::delete(client, user_id, id, prescription).await? {
        return Err(WebError::NotFound);
    }
    let back = back_url(id, &fields);
    changed(
        &state,
        &headers,
        back,
        DELETED,
        list_state(client, user_id, id),
    )
    .await
}

/// `DELETE /installations/:id/prescriptions`: all of the user's for this installation.
pub async fn destroy_all(
    State(state): State<AppState>,
    reading: Reading,
    headers: HeaderMap,
    fields: FormFields,
) -> Result<Response, WebError> {
    let (id, client) = (reading.installation.id, &reading.client);
    let back = back_url(id, &fields);
    let user_id = reading.visitor.save(client).await?;
    prescriptions::delete_all(client, user_id, id).await?;
    changed(
        &state,
        &headers,
        back,
        ALL_DELETED,
        list_state(client, user_id, id),
    )
    .await
}

/// `PATCH /installations/:id/prescriptions/:prescription_id`: the status and comment the
/// inspector records for one of their prescriptions.
pub async fn update(
    State(state): State<AppState>,
    reading: Reading,
    Path(params): Path<HashMap<String, String>>,
    headers: HeaderMap,
    fields: FormFields,
) -> Result<Response, WebError> {
    let prescription = prescription_id(&params)?;
    let (id, client) = (reading.installation.id, &reading.client);
    let back = back_url(id, &fields);
    let Some(status) = Status::from_code(fields.get(STATUS_FIELD)) else {
        return Ok(refused(&state, &headers, back, UNKNOWN_STATUS));
    };
    let comment = fields.get(COMMENT_FIELD).trim();
    if comment.chars().count() > MAX_COMMENT_CHARS {
        return Ok(refused(&state, &headers, back, COMMENT_TOO_LONG));
    }
    let user_id = reading.visitor.user_id().ok_or(WebError::NotFound)?;
    if !prescriptions::set_compliance(client, user_id, id, prescription, status, comment).await? {
        return Err(WebError::NotFound);
    }
    changed(
        &state,
        &headers,
        back,
        STATUS_SAVED,
        list_state(client, user_id, id),
    )
    .await
}

/// `POST /installations/:id/prescriptions/grouping`: the recap groups by topic, or by arrêté
/// (`by_topic` = `1` or `0`), a preference of the user's.
pub async fn grouping(reading: Reading, fields: FormFields) -> Result<Response, WebError> {
    let id = reading.installation.id;
    let user_id = reading.visitor.save(&reading.client).await?;
    users::set_groups_by_topic(&reading.client, user_id, fields.get("by_topic") == "1").await?;
    let back = back_url(id, &fields);
    Ok((StatusCode::SEE_OTHER, [(LOCATION, back)]).into_response())
}

/// What the AM/AP page shows of the visitor's list (its counter and ticked boxes) and how they
/// group it; nothing for a visitor who never saved anything.
pub async fn taken_and_grouping(
    client: &impl Client,
    user_id: Option<i64>,
    installation_id: i64,
) -> Result<(Taken, bool), WebError> {
    let Some(user_id) = user_id else {
        return Ok((Taken::default(), false));
    };
    Ok(tokio::try_join!(
        prescriptions::taken(client, user_id, installation_id),
        users::groups_by_topic(client, user_id),
    )?)
}

/// `GET /installations/:id/prescriptions`: the "Recueil de prescriptions".
pub async fn show(reading: Reading, RawQuery(query): RawQuery) -> Result<Response, WebError> {
    let Reading {
        visitor,
        installation,
        client,
        ..
    } = reading;
    let selection = query
        .as_deref()
        .and_then(Selection::from_query)
        .unwrap_or_default();
    let (list, by_topic, stale) = match visitor.user_id() {
        Some(user_id) => tokio::try_join!(
            prescriptions::list(&client, user_id, installation.id),
            users::groups_by_topic(&client, user_id),
            prescriptions::stale(&client, user_id, installation.id),
        )?,
        None => (Vec::new(), false, false),
    };
    let layout = visitor.layout("Recueil de prescriptions", NavItem::None);
    render(
        StatusCode::OK,
        &RecapPage::new(
            layout,
            RecapInput {
                installation_id: installation.id,
                installation_name: &installation.name,
                selection: &selection,
                prescriptions: &list,
                by_topic,
                stale,
                csrf: &visitor.csrf,
            },
        ),
    )
}
