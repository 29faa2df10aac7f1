//! `/am/{cid}/apercu`: the AM personalised for the parameter values of its form (a GET form:
//! a preview changes nothing, and its address can be shared).

use crate::auth::Session;
use crate::error::BoError;
use crate::preview::{ParameterInput, Preview, preview, read_values, used_parameters};
use crate::state::BoState;
use crate::views::{Layout, render};
use askama::Template;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use envinorma_db::bo;

#[derive(Template)]
#[template(path = "preview.html")]
struct PreviewPage {
    layout: Layout,
    cid: String,
    title: String,
    inputs: Vec<ParameterInput>,
    preview: Preview,
}

pub async fn show(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path(cid): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, BoError> {
    let documents = bo::documents(&state.db().await?, &cid)
        .await?
        .ok_or(BoError::NotFound)?;
    let query: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    let (inputs, parameters) = read_values(&used_parameters(&documents), &query);
    let status = if inputs.iter().any(|input| input.error.is_some()) {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = PreviewPage {
        layout: Layout::signed_in(format!("Aperçu de {cid}"), &session),
        title: documents.text.title.text.clone(),
        preview: preview(&documents, parameters),
        cid,
        inputs,
    };
    render(status, &page)
}
