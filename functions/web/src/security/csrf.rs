//! Protection against cross-site request forgery: every request that changes something
//! (POST, PUT, PATCH, DELETE) must carry a token that only our pages know, tied to the user.
//!
//! The token is the HMAC of the user's token: nothing to store, and it changes with the user.
//! Forms send it in a hidden field ([`CsrfToken::hidden_field`]); scripts in the
//! `X-CSRF-Token` header. HTML forms can only POST: a `_method` field (PATCH, PUT, DELETE)
//! turns a checked POST into that method before routing.

use super::keys::{Keys, Purpose};
use super::user_cookie::user_token;
use crate::error::WebError;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header::CONTENT_TYPE};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::fmt;
use uuid::Uuid;

/// The form field that carries the token.
pub const CSRF_FIELD: &str = "csrf_token";
/// The header that carries the token for requests sent by scripts.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The form field that overrides POST (HTML forms know no other unsafe method).
pub const METHOD_FIELD: &str = "_method";
/// Our forms are small; anything larger is not one of them.
const MAX_FORM_BYTES: usize = 1024 * 1024;

/// The CSRF token of one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsrfToken(String);

impl CsrfToken {
    /// The token of the user whose token (cookie) is `user`.
    pub fn for_user(keys: &Keys, user: Uuid) -> CsrfToken {
        CsrfToken(keys.sign(Purpose::Csrf, user.as_bytes()))
    }

    /// The token itself (for the `X-CSRF-Token` header of scripts).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `<input type="hidden" name="csrf_token" value="…">`, to put in every form that posts.
    pub fn hidden_field(&self) -> HiddenField<'_> {
        HiddenField(&self.0)
    }
}

/// Whether `candidate` is `user`'s token (constant-time).
pub fn verify_csrf(keys: &Keys, user: Uuid, candidate: &str) -> bool {
    keys.verify(Purpose::Csrf, user.as_bytes(), candidate)
}

/// The hidden form field of a token.
#[derive(Debug, Clone, Copy)]
pub struct HiddenField<'a>(&'a str);

impl fmt::Display for HiddenField<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The token is hexadecimal (made by `Keys::sign`): nothing to escape.
        write!(
            f,
            r#"<input type="hidden" name="{CSRF_FIELD}" value="{}">"#,
            self.0
        )
    }
}

// Templates print the field as HTML: it is made of constant markup and hexadecimal digits.
impl askama::filters::HtmlSafe for HiddenField<'_> {}

/// Middleware: lets safe methods through; rejects unsafe ones without a valid token with a
/// 403 page; applies `_method` overrides. Must wrap the router (not be a route layer), so that
/// the overridden method is the one routed.
pub async fn protect(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if is_safe(request.method()) {
        return next.run(request).await;
    }
    match checked(&state.keys, state.config.secure, request).await {
        Ok(request) => next.run(request).await,
        Err(error) => error.into_response(),
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

async fn checked(keys: &Keys, secure: bool, request: Request) -> Result<Request, WebError> {
    let user = user_token(keys, request.headers(), secure).ok_or(WebError::CsrfRejected)?;
    if let Some(token) = request.headers().get(CSRF_HEADER) {
        let valid = token
            .to_str()
            .is_ok_and(|token| verify_csrf(keys, user, token));
        return if valid {
            Ok(request)
        } else {
            Err(WebError::CsrfRejected)
        };
    }
    if !is_form(request.headers()) {
        return Err(WebError::CsrfRejected);
    }
    let (mut parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| WebError::BadRequest("Le formulaire envoyé est trop volumineux.".into()))?;
    let mut token = None;
    let mut method = None;
    for (key, value) in form_urlencoded::parse(&bytes) {
        match key.as_ref() {
            CSRF_FIELD if token.is_none() => token = Some(value),
            METHOD_FIELD if method.is_none() => method = Some(value),
            _ => {}
        }
    }
    if !token.is_some_and(|token| verify_csrf(keys, user, &token)) {
        return Err(WebError::CsrfRejected);
    }
    if parts.method == Method::POST
        && let Some(method) = method
    {
        parts.method = overriding_method(&method).ok_or_else(|| {
            WebError::BadRequest(format!("Méthode de formulaire inconnue : {method}"))
        })?;
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

fn overriding_method(name: &str) -> Option<Method> {
    match name.to_ascii_uppercase().as_str() {
        "PATCH" => Some(Method::PATCH),
        "PUT" => Some(Method::PUT),
        "DELETE" => Some(Method::DELETE),
        "POST" => Some(Method::POST),
        _ => None,
    }
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| {
            mime.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn a_token_is_valid_for_its_user_only() {
        let keys = Keys::new(&Config::local().secret);
        let (alice, bob) = (Uuid::new_v4(), Uuid::new_v4());
        let token = CsrfToken::for_user(&keys, alice);
        assert!(verify_csrf(&keys, alice, token.as_str()));
        assert!(!verify_csrf(&keys, bob, token.as_str()));
    }

    #[test]
    fn the_hidden_field_carries_the_token() {
        let keys = Keys::new(&Config::local().secret);
        let token = CsrfToken::for_user(&keys, Uuid::new_v4());
        assert_eq!(
            token.hidden_field().to_string(),
            format!(
                r#"<input type="hidden" name="csrf_token" value="{}">"#,
                token.as_str()
            )
        );
    }

    #[test]
    fn only_known_methods_override_post() {
        assert_eq!(overriding_method("delete"), Some(Method::DELETE));
        assert_eq!(overriding_method("patch"), Some(Method::PATCH));
        assert_eq!(overriding_method("GET"), None);
        assert_eq!(overriding_method("CONNECT"), None);
    }
}
