//! `/am/{cid}/comparer`: two versions of an AM's text, line by line with the changed
//! characters marked: the saved text against a Légifrance payload (a file or pasted, read as
//! the Légifrance page reads it), or two versions of the edit log (a `GET` form: comparing
//! saves nothing). « Normalisé » compares letters and digits only, so that accents and
//! punctuation do not count.

use super::legifrance::{PASTED_FIELD, given_payload, read_payload};
use super::text::saved;
use crate::auth::Session;
use crate::editing;
use crate::error::BoError;
use crate::forms::Fields;
use crate::state::BoState;
use crate::views::{Layout, render};
use askama::Template;
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use envinorma_core::ArreteMinisteriel;
use envinorma_core::authoring::structure::{
    self, Change, MAX_MARKED_PAIRS, MarkedLine, diff_lines, marked, text_lines,
};
use envinorma_db::bo::{self, Version};
use envinorma_web::security::CsrfToken;
use serde::Deserialize;

/// The log's versions offered: enough to reach back months of an AM's edits.
const LISTED_VERSIONS: i64 = 200;
/// The checkbox of the normalised mode, in both forms.
const NORMALISE_FIELD: &str = "normalise";

/// The page's path for an AM.
pub(super) fn path(cid: &str) -> String {
    format!("/am/{}/comparer", urlencoding::encode(cid))
}

/// The versions form: two entries of the log, by id.
#[derive(Debug, Deserialize)]
pub struct VersionsQuery {
    avant: Option<String>,
    apres: Option<String>,
    normalise: Option<String>,
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    layout: Layout,
    csrf: CsrfToken,
    cid: String,
    versions: Vec<Version>,
    /// The versions chosen, or offered first: the last change against the one before.
    before: Option<i64>,
    after: Option<i64>,
    normalise: bool,
    /// What was pasted, shown again.
    payload: String,
    error: Option<String>,
    comparison: Option<Comparison>,
}

/// What the page shows of two versions.
struct Comparison {
    /// « A » → « B ».
    heading: String,
    /// The changed lines with some context, in runs, marked.
    hunks: Vec<Vec<MarkedLine>>,
    /// False when the versions differ too much for a shortest diff (see `diff_lines`).
    minimal: bool,
}

impl ComparePage {
    fn action(&self) -> String {
        path(&self.cid)
    }

    fn legifrance_action(&self) -> String {
        format!("{}/legifrance", path(&self.cid))
    }

    fn am_path(&self) -> String {
        super::am::path(&self.cid, None)
    }

    fn is_before(&self, version: &Version) -> bool {
        self.before == Some(version.id)
    }

    fn is_after(&self, version: &Version) -> bool {
        self.after == Some(version.id)
    }
}

impl Comparison {
    /// `old` against `new`, by the lines of [`text_lines`].
    fn of(
        old: &ArreteMinisteriel,
        new: &ArreteMinisteriel,
        normalise: bool,
        heading: String,
    ) -> Result<Comparison, String> {
        let (old, new) = (text_lines(old, normalise), text_lines(new, normalise));
        let longest = old.len().max(new.len());
        if longest > structure::MAX_LINES {
            return Err(format!(
                "Ce texte compte {longest} lignes : la comparaison n’en lit pas plus de {}.",
                structure::MAX_LINES
            ));
        }
        let diff = diff_lines(&old, &new);
        let mut pairs = MAX_MARKED_PAIRS;
        let hunks = editing::hunks(&diff)
            .iter()
            .map(|hunk| marked(hunk, &mut pairs))
            .collect();
        Ok(Comparison {
            heading,
            hunks,
            minimal: diff.minimal,
        })
    }
}

async fn page(
    state: &BoState,
    session: &Session,
    cid: &str,
    normalise: bool,
) -> Result<ComparePage, BoError> {
    let db = state.db().await?;
    saved(&db, cid).await?;
    let versions = bo::versions(&db, cid, LISTED_VERSIONS).await?;
    Ok(ComparePage {
        layout: Layout::signed_in(format!("Comparer des versions de {cid}"), session),
        csrf: session.csrf.clone(),
        cid: cid.to_string(),
        before: versions
            .get(1)
            .or(versions.first())
            .map(|version| version.id),
        after: versions.first().map(|version| version.id),
        versions,
        normalise,
        payload: String::new(),
        error: None,
        comparison: None,
    })
}

/// The forms, and the two log versions chosen compared.
pub async fn show(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path(cid): Path<String>,
    Query(query): Query<VersionsQuery>,
) -> Result<Response, BoError> {
    let mut page = page(&state, &session, &cid, query.normalise.is_some()).await?;
    let (Some(before), Some(after)) = (&query.avant, &query.apres) else {
        return render(StatusCode::OK, &page);
    };
    let db = state.db().await?;
    let (before, old) = logged_text(&db, &cid, before, "avant").await?;
    let (after, new) = logged_text(&db, &cid, after, "après").await?;
    let heading = format!("Version n° {before} → version n° {after}");
    page.before = Some(before);
    page.after = Some(after);
    let compared = Comparison::of(&old, &new, page.normalise, heading);
    answer(page, compared)
}

/// The text after the log's change `id` (as the form sent it), of the select `name`.
async fn logged_text(
    db: &impl envinorma_db::Client,
    cid: &str,
    id: &str,
    name: &str,
) -> Result<(i64, ArreteMinisteriel), BoError> {
    let unknown =
        || BoError::BadRequest(format!("Choisissez la version « {name} » dans la liste."));
    let id: i64 = id.parse().map_err(|_| unknown())?;
    let documents = bo::version(db, cid, id).await?.ok_or_else(unknown)?;
    Ok((id, documents.text))
}

/// The page with the comparison, or with why the versions could not be compared.
fn answer(
    mut page: ComparePage,
    compared: Result<Comparison, String>,
) -> Result<Response, BoError> {
    let status = match compared {
        Ok(comparison) => {
            page.comparison = Some(comparison);
            StatusCode::OK
        }
        Err(error) => {
            page.error = Some(error);
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    render(status, &page)
}

/// `POST /am/{cid}/comparer/legifrance`: the saved text against a Légifrance payload.
pub async fn legifrance(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path(cid): Path<String>,
    fields: Fields,
) -> Result<Response, BoError> {
    let normalise = !fields.text(NORMALISE_FIELD).is_empty();
    let mut page = page(&state, &session, &cid, normalise).await?;
    page.payload = fields.text(PASTED_FIELD).to_owned();
    let documents = saved(&state.db().await?, &cid).await?;
    let compared = read_payload(&given_payload(&fields), &cid).and_then(|am| {
        let heading = "Texte enregistré → version Légifrance".to_string();
        Comparison::of(&documents.text, &am, normalise, heading)
    });
    answer(page, compared)
}
