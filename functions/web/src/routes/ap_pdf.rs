//! An AP's PDF (`GET /aps/<georisques id>.pdf`).

use crate::error::WebError;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use axum::response::{IntoResponse, Response};
use envinorma_cloud::{Bucket, CloudError, ResponseHeaders};
use envinorma_db::aps;
use std::time::Duration;

/// A presigned AP link is valid this long: enough to open it, too short to share it.
const PDF_LINK_LIFETIME: Duration = Duration::from_secs(300);

/// A redirection to a short-lived link of the private bucket in the cloud (a function URL
/// cannot answer 13 MB), the bytes locally. APs are public documents, but only those the
/// database knows are served. Both ways answer a PDF shown in the browser (whatever type the
/// object was uploaded with), and a missing PDF our 404 page.
pub async fn serve(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, WebError> {
    let georisques_id = file.strip_suffix(".pdf").ok_or(WebError::NotFound)?;
    aps::get(&state.db().await?, georisques_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let key = format!("{georisques_id}.pdf");
    let headers = pdf_headers(georisques_id);
    if let Some(url) = state
        .store
        .presign_get(Bucket::Ap, &key, PDF_LINK_LIFETIME, &headers)
        .await
        .map_err(bucket_error)?
    {
        // The link of a missing object would show S3's XML error: the app answers it instead.
        state
            .store
            .head(Bucket::Ap, &key)
            .await
            .map_err(bucket_error)?;
        return Ok((StatusCode::FOUND, [(LOCATION, url)]).into_response());
    }
    let object = state
        .store
        .get(Bucket::Ap, &key)
        .await
        .map_err(bucket_error)?;
    Ok((
        [
            (CONTENT_TYPE, headers.content_type),
            (CONTENT_DISPOSITION, headers.content_disposition),
            (CACHE_CONTROL, "private, max-age=3600".into()),
        ],
        Body::from(object.body),
    )
        .into_response())
}

fn bucket_error(error: CloudError) -> WebError {
    if error.is_not_found() {
        WebError::NotFound
    } else {
        WebError::Internal(format!("ap bucket: {error}"))
    }
}

/// An AP opens in the browser's PDF viewer, and is saved (if the user wishes) under its own
/// name.
fn pdf_headers(georisques_id: &str) -> ResponseHeaders {
    // A known georisques id is `[A-Z]/[a-f0-9]/[a-f0-9]{32}`: its last part is a safe file name.
    let name = georisques_id.rsplit('/').next().unwrap_or(georisques_id);
    ResponseHeaders {
        content_type: "application/pdf".into(),
        content_disposition: format!("inline; filename=\"{name}.pdf\""),
    }
}
