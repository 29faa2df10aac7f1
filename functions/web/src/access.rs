//! Who may use an installation: checked on the server by every route that shows or changes
//! one. An unknown id is a 404 (so is an id that is not a number: no installation can have
//! it), anyone else's installation a 403, and public installations are read-only for everybody.

use crate::error::WebError;
use crate::state::AppState;
use crate::visitor::Visitor;
use axum::Extension;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use deadpool_postgres::Object;
use envinorma_db::Client;
use envinorma_db::installations::{self, Installation};
use std::collections::HashMap;
use std::marker::PhantomData;

/// What a route does with an installation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Public installations are everyone's to read; the others their owner's only.
    Read,
    /// Only the owner changes an installation (public ones are read-only).
    Change,
}

/// The installation of `id` if the visitor may use it so: 404 when there is none, 403 when it is
/// someone else's.
pub async fn installation_for(
    client: &impl Client,
    id: i64,
    visitor: &Visitor,
    access: Access,
) -> Result<Installation, WebError> {
    let installation = installations::get(client, id)
        .await?
        .ok_or(WebError::NotFound)?;
    checked(installation, visitor, access)
}

/// The installation if the visitor may use it so, else 403: for routes that read the
/// installation along with more (the installation page, in one round trip).
pub fn checked(
    installation: Installation,
    visitor: &Visitor,
    access: Access,
) -> Result<Installation, WebError> {
    let allowed = match access {
        Access::Read => installation.visible_to(visitor.user_id()),
        Access::Change => installation.owned_by(visitor.user_id()),
    };
    if allowed {
        Ok(installation)
    } else {
        Err(WebError::Forbidden)
    }
}

/// The access an [`Allowed`] extractor checks, as a type.
pub trait Rule {
    const ACCESS: Access;
}

/// [`Access::Read`] as a type.
pub struct ToRead;

impl Rule for ToRead {
    const ACCESS: Access = Access::Read;
}

/// [`Access::Change`] as a type.
pub struct ToChange;

impl Rule for ToChange {
    const ACCESS: Access = Access::Change;
}

/// The URL's `{id}`: our French 404 page when it is not a number (`/installations/abc`), where
/// axum's `Path<i64>` answers a plain-text 400. A 404 rather than a 400: such a URL names no
/// installation, exactly as an unknown number does, and both get the same page. Every route
/// with an id takes it through here (or through [`Allowed`], which does).
pub struct InstallationId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for InstallationId {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, WebError> {
        // By name: some routes have a second id (a prescription's).
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| WebError::NotFound)?;
        let id = params.get("id").and_then(|id| id.parse().ok());
        Ok(InstallationId(id.ok_or(WebError::NotFound)?))
    }
}

/// The installation of the URL's `{id}` when the visitor may use it as `R` says, with the
/// visitor and the connection that read it: the routes of one installation start from it, so
/// the 404/403 is answered before the handler runs, the same way for all of them (the
/// installation page excepted: it reads more in the same round trip, then calls [`checked`]).
pub struct Allowed<R> {
    pub visitor: Visitor,
    pub installation: Installation,
    pub client: Object,
    rule: PhantomData<R>,
}

/// An installation the visitor may change: the forms and the deletion.
pub type Editing = Allowed<ToChange>;

/// An installation the visitor may read.
pub type Reading = Allowed<ToRead>;

impl<R: Rule> FromRequestParts<AppState> for Allowed<R> {
    /// axum's own answer to a missing visitor (a route outside the `identify` middleware: a
    /// bug), else our error pages.
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Extension(visitor) = Extension::<Visitor>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let InstallationId(id) = InstallationId::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let client = state.db().await.map_err(IntoResponse::into_response)?;
        let installation = installation_for(&client, id, &visitor, R::ACCESS)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Allowed {
            visitor,
            installation,
            client,
            rule: PhantomData,
        })
    }
}
