//! Who may use the back-office: editors with a password (argon2id), signed in through a
//! session that is both a signed cookie and a database row; every request but the login page's
//! needs one, and every unsafe request a CSRF token tied to it.

use crate::error::BoError;
use crate::forms::{Fields, bounded_body};
use crate::state::BoState;
use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use envinorma_db::bo::{self, Editor};
use envinorma_web::security::cookies::{cookie_values, set_cookie};
use envinorma_web::security::user_cookie::{user_cookie_value, verify_user_cookie};
use envinorma_web::security::{CSRF_FIELD, CSRF_HEADER, CsrfToken, Keys, verify_csrf};
use std::time::Duration;
use uuid::Uuid;

/// How long a session lasts: a working day.
pub const SESSION_LENGTH: Duration = Duration::from_secs(12 * 60 * 60);
/// Failed logins are counted over this window...
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// ...and refused beyond this many for one login (a guesser of one account)...
pub const MAX_FAILURES_BY_LOGIN: i64 = 5;
/// ...or this many from one address (a guesser of many accounts).
pub const MAX_FAILURES_BY_ADDRESS: i64 = 20;
/// Every failed login waits this long before its answer: a guess a second at most per
/// connection, whatever the counters say.
pub const FAILURE_DELAY: Duration = Duration::from_secs(1);

/// The login page's path: the only page without a session.
pub const LOGIN_PATH: &str = "/connexion";
/// The embedded assets (DSFR), public as the web app's.
const STATIC_PREFIX: &str = "/static/";
/// The largest form read, CSRF check and handler alike. The structure editor posts an AM's
/// whole text and the Légifrance import a whole payload: the largest AM's lines are 0.3 MB
/// once urlencoded (see the test `the_largest_ams_text_fits_in_one_form`), the largest real
/// payload 0.4 MB. 8 MiB leaves room for texts many times larger while bounding what one
/// request makes the function hold in memory; over it, a form is refused unread.
pub const MAX_FORM_BYTES: usize = 8 * 1024 * 1024;

/// The session cookie, and the login page's own (the anchor of its CSRF token before any
/// session exists). `__Host-` names when cookies are `Secure`: no sibling subdomain can plant one.
fn cookie_name(secure: bool, session: bool) -> &'static str {
    match (secure, session) {
        (true, true) => "__Host-bo_session",
        (false, true) => "bo_session",
        (true, false) => "__Host-bo_login",
        (false, false) => "bo_login",
    }
}

/// The id a request's cookie carries, when its signature verifies.
fn signed_id(keys: &Keys, headers: &HeaderMap, name: &str) -> Option<Uuid> {
    cookie_values(headers, name).find_map(|value| verify_user_cookie(keys, value))
}

/// What a request signed in knows: who, and the token its forms carry.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: Uuid,
    pub editor: Editor,
    pub csrf: CsrfToken,
}

/// What the login page's request knows: the token its form carries, and the cookie to set
/// when the browser has none yet.
#[derive(Debug, Clone)]
pub struct LoginAnchor {
    pub csrf: CsrfToken,
    pub set_cookie: Option<String>,
}

/// Middleware around every route: the login page and the assets are public; anything else
/// without a session goes to the login page, which brings the editor back to it. Unsafe
/// requests need the CSRF token of their session (of the login cookie on the login page).
pub async fn guard(State(state): State<BoState>, request: Request, next: Next) -> Response {
    match guarded(&state, request).await {
        Ok(request) => next.run(request).await,
        Err(response) => response,
    }
}

async fn guarded(state: &BoState, mut request: Request) -> Result<Request, Response> {
    let path = request.uri().path().to_owned();
    if path.starts_with(STATIC_PREFIX) {
        return Ok(request);
    }
    let secure = state.config.site.secure;
    let keys = &state.keys;
    if path == LOGIN_PATH {
        let existing = signed_id(keys, request.headers(), cookie_name(secure, false));
        let anchor = existing.unwrap_or_else(Uuid::new_v4);
        if !is_safe(request.method()) {
            request = checked(keys, existing, request).await?;
        }
        request.extensions_mut().insert(LoginAnchor {
            csrf: CsrfToken::for_user(keys, anchor),
            set_cookie: existing.is_none().then(|| {
                let value = user_cookie_value(keys, anchor);
                set_cookie(
                    cookie_name(secure, false),
                    &value,
                    SESSION_LENGTH.as_secs(),
                    secure,
                )
            }),
        });
        return Ok(request);
    }
    let session = match signed_id(keys, request.headers(), cookie_name(secure, true)) {
        Some(id) => {
            let db = state.db().await.map_err(IntoResponse::into_response)?;
            let editor = bo::session_editor(&db, id)
                .await
                .map_err(|error| BoError::from(error).into_response())?;
            editor.map(|editor| Session {
                id,
                editor,
                csrf: CsrfToken::for_user(keys, id),
            })
        }
        None => None,
    };
    let Some(session) = session else {
        let back = request
            .uri()
            .path_and_query()
            .map_or("/", |path| path.as_str());
        let target = format!("{LOGIN_PATH}?suite={}", urlencoding::encode(back));
        return Err(Redirect::to(&target).into_response());
    };
    if !is_safe(request.method()) {
        request = checked(keys, Some(session.id), request).await?;
    }
    request.extensions_mut().insert(session);
    Ok(request)
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD)
}

/// The request, when it carries the token of `anchor` (in the `X-CSRF-Token` header or the
/// form's `csrf_token` field, urlencoded or multipart); the form is read once and handed on.
async fn checked(keys: &Keys, anchor: Option<Uuid>, request: Request) -> Result<Request, Response> {
    let rejected = || BoError::CsrfRejected.into_response();
    let anchor = anchor.ok_or_else(rejected)?;
    if let Some(token) = request.headers().get(CSRF_HEADER) {
        let valid = token
            .to_str()
            .is_ok_and(|token| verify_csrf(keys, anchor, token));
        return if valid { Ok(request) } else { Err(rejected()) };
    }
    let (parts, body) = request.into_parts();
    let bytes = bounded_body(body)
        .await
        .map_err(IntoResponse::into_response)?;
    // A body that is no form carries no token.
    let fields = Fields::read(&parts.headers, bytes.clone())
        .await
        .map_err(|_| rejected())?;
    let valid = verify_csrf(keys, anchor, fields.text(CSRF_FIELD));
    if !valid {
        return Err(rejected());
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// The `Set-Cookie` value of a new session.
pub fn session_cookie(state: &BoState, session: Uuid) -> String {
    let secure = state.config.site.secure;
    let value = user_cookie_value(&state.keys, session);
    set_cookie(
        cookie_name(secure, true),
        &value,
        SESSION_LENGTH.as_secs(),
        secure,
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn ended_session_cookie(state: &BoState) -> String {
    let secure = state.config.site.secure;
    set_cookie(cookie_name(secure, true), "", 0, secure)
}

/// The address a login comes from: the last `X-Forwarded-For` entry, the one the function
/// URL's front end appends (a client may put anything before it).
pub fn client_address(headers: &HeaderMap) -> String {
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .rfind(|entry| !entry.is_empty())
        .unwrap_or("local")
        .to_owned()
}

/// A password's argon2id hash (PHC string, with its own random salt).
pub fn hash_password(password: &str) -> Result<String, BoError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| BoError::Internal(format!("argon2: {error}")))
}

/// Whether `password` is the one `hash` was made of.
pub fn password_matches(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// The hash an unknown login's password is checked against (made once, of a random password
/// no one knows): the check costs what a real one costs.
pub fn unknown_login_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password(&generate_password()).unwrap_or_default())
}

/// A new password: 20 characters from an alphabet without look-alikes (about 116 bits).
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    // Bytes from 224 on are drawn again: 224 is a multiple of the alphabet's 56 letters, so
    // that every letter is as likely.
    let mut password = String::new();
    while password.len() < 20 {
        let mut byte = [0u8; 1];
        OsRng.fill_bytes(&mut byte);
        if usize::from(byte[0]) < ALPHABET.len() * 4 {
            password.push(char::from(ALPHABET[usize::from(byte[0]) % ALPHABET.len()]));
        }
    }
    password
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_matches_its_hash_only() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(password_matches("correct horse", &hash));
        assert!(!password_matches("correct horsE", &hash));
        assert!(!password_matches("correct horse", "not a hash"));
    }

    #[test]
    fn generated_passwords_are_long_and_differ() {
        let (a, b) = (generate_password(), generate_password());
        assert_eq!(a.chars().count(), 20);
        assert_ne!(a, b);
    }

    #[test]
    fn the_address_is_the_last_forwarded_entry() {
        let mut headers = HeaderMap::new();
        assert_eq!(client_address(&headers), "local");
        headers.append("x-forwarded-for", "6.6.6.6, 10.0.0.1".parse().unwrap());
        assert_eq!(client_address(&headers), "10.0.0.1");
    }
}
