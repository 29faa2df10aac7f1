//! Who is asking: every page request is tied to an anonymous user by a signed cookie.
//!
//! A first visit only draws a token and sets the cookie; the user is saved in the database on
//! their first change (an installation, a prescription). Crawlers and one-time visitors thus
//! cost no write, and a forged cookie fails its signature and gets a fresh token: never
//! someone else's data.

use crate::error::WebError;
use crate::flash::{FLASH_COOKIE, Flash, clear_flash_cookie, read_flash, set_flash_cookie};
use crate::security::{CsrfToken, set_user_cookie, user_token};
use crate::state::AppState;
use crate::views::layout::{Layout, NavItem};
use axum::extract::{Request, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use envinorma_db::Client;
use envinorma_db::users::{self, Known};
use uuid::Uuid;

/// The user of a request, as the handlers see it (an axum `Extension`).
#[derive(Debug, Clone)]
pub struct Visitor {
    /// Their token: from the cookie, or drawn for this first visit.
    pub token: Uuid,
    /// Set when they were saved (they made something).
    pub known: Option<Known>,
    /// The message the previous page left them.
    pub flash: Option<Flash>,
    /// The CSRF token of their forms.
    pub csrf: CsrfToken,
}

impl Visitor {
    /// Their id in the database, if they were saved.
    pub fn user_id(&self) -> Option<i64> {
        self.known.map(|known| known.id)
    }

    /// The layout of one of their pages: the header entry and their flash message.
    pub fn layout(&self, title: &str, current: NavItem) -> Layout {
        Layout {
            title: title.to_string(),
            flash: self.flash.clone(),
            current,
        }
    }

    /// Their id, saving them first if this is their first change.
    pub async fn save(&self, client: &impl Client) -> Result<i64, WebError> {
        match self.known {
            Some(known) => Ok(known.id),
            None => Ok(users::save(client, self.token).await?.id),
        }
    }
}

/// Middleware of the pages: finds or draws the visitor, sets their cookie on a first visit
/// and removes a flash message once shown.
pub async fn identify(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let secure = state.config.secure;
    let cookie_token = user_token(&state.keys, request.headers(), secure);
    let known = match cookie_token {
        Some(token) => match recognise(&state, token).await {
            Ok(known) => known,
            Err(error) => return error.into_response(),
        },
        None => None,
    };
    let token = cookie_token.unwrap_or_else(Uuid::new_v4);
    let flash = read_flash(&state.keys, request.headers());
    let had_flash = flash.is_some();
    request.extensions_mut().insert(Visitor {
        token,
        known,
        flash,
        csrf: CsrfToken::for_user(&state.keys, token),
    });
    let mut response = next.run(request).await;
    if cookie_token.is_none() {
        append_cookie(&mut response, &set_user_cookie(&state.keys, token, secure));
    }
    if had_flash && !sets_cookie(&response, FLASH_COOKIE) {
        append_cookie(&mut response, &clear_flash_cookie(secure));
    }
    response
}

async fn recognise(state: &AppState, token: Uuid) -> Result<Option<Known>, WebError> {
    Ok(users::recognise(&state.db().await?, token).await?)
}

fn append_cookie(response: &mut Response, cookie: &str) {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(SET_COOKIE, value);
    }
}

fn sets_cookie(response: &Response, name: &str) -> bool {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .any(|value| value.as_bytes().starts_with(format!("{name}=").as_bytes()))
}

/// A redirection (303, so that a form post becomes a GET) carrying a flash message.
pub fn redirect_with(state: &AppState, location: &str, flash: Flash) -> Response {
    let mut response = (StatusCode::SEE_OTHER, [(LOCATION, location.to_string())]).into_response();
    append_cookie(
        &mut response,
        &set_flash_cookie(&state.keys, &flash, state.config.secure),
    );
    response
}
