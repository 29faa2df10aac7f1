//! `/connexion` and `/deconnexion`: signing in and out.

use crate::auth::{
    self, FAILURE_DELAY, FAILURE_WINDOW, LOGIN_PATH, LoginAnchor, MAX_FAILURES_BY_ADDRESS,
    MAX_FAILURES_BY_LOGIN, Session,
};
use crate::error::BoError;
use crate::state::BoState;
use crate::views::{Layout, render};
use askama::Template;
use axum::extract::{Extension, Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use envinorma_db::bo;
use envinorma_web::security::CsrfToken;
use serde::Deserialize;

/// The message of a failed login, the same whether the login exists or not.
pub const WRONG_CREDENTIALS: &str = "Erreur dans le nom d'utilisateur ou le mot de passe.";
/// The message once a login or an address has failed too often.
pub const TOO_MANY_FAILURES: &str =
    "Trop de tentatives de connexion ont échoué. Réessayez dans un quart d’heure.";

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    csrf: CsrfToken,
    login: String,
    next: String,
    error: Option<&'static str>,
}

#[derive(Debug, Deserialize)]
pub struct Next {
    #[serde(default)]
    suite: Option<String>,
}

/// Where to go after signing in: a path of ours only (never `//host` nor a full URL).
fn next_path(suite: Option<&str>) -> String {
    match suite {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

fn page(
    anchor: &LoginAnchor,
    status: StatusCode,
    login: String,
    next: String,
    error: Option<&'static str>,
) -> Result<Response, BoError> {
    let page = LoginPage {
        layout: Layout::anonymous("Connexion"),
        csrf: anchor.csrf.clone(),
        login,
        next,
        error,
    };
    let mut response = render(status, &page)?;
    if let Some(cookie) = &anchor.set_cookie
        && let Ok(value) = cookie.parse()
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

pub async fn show(
    Extension(anchor): Extension<LoginAnchor>,
    Query(next): Query<Next>,
) -> Result<Response, BoError> {
    let next = next_path(next.suite.as_deref());
    page(&anchor, StatusCode::OK, String::new(), next, None)
}

#[derive(Debug, Deserialize)]
pub struct Credentials {
    login: String,
    password: String,
    #[serde(default)]
    suite: Option<String>,
}

pub async fn sign_in(
    State(state): State<BoState>,
    Extension(anchor): Extension<LoginAnchor>,
    headers: HeaderMap,
    Form(form): Form<Credentials>,
) -> Result<Response, BoError> {
    let next = next_path(form.suite.as_deref());
    let login = form.login.trim().to_owned();
    let address = auth::client_address(&headers);
    let db = state.db().await?;
    let (by_login, by_address) = bo::recent_failures(&db, &login, &address, FAILURE_WINDOW).await?;
    if by_login >= MAX_FAILURES_BY_LOGIN || by_address >= MAX_FAILURES_BY_ADDRESS {
        tracing::warn!(%login, %address, "back-office: login refused, too many failures");
        tokio::time::sleep(FAILURE_DELAY).await;
        let status = StatusCode::TOO_MANY_REQUESTS;
        return page(&anchor, status, login, next, Some(TOO_MANY_FAILURES));
    }
    let editor = bo::editor_by_login(&db, &login).await?;
    // Hashing takes tens of milliseconds of CPU: off the runtime's threads. An unknown login
    // is checked against a hash of nothing, so that its answer takes as long as a wrong
    // password's and does not tell which logins exist.
    let password = form.password;
    let signed = tokio::task::spawn_blocking(move || match editor {
        Some((editor, hash)) => auth::password_matches(&password, &hash).then_some(editor),
        None => {
            auth::password_matches(&password, auth::unknown_login_hash());
            None
        }
    })
    .await
    .map_err(|error| BoError::Internal(error.to_string()))?;
    let Some(editor) = signed else {
        bo::record_failure(&db, &login, &address, FAILURE_WINDOW).await?;
        tracing::warn!(%login, %address, "back-office: failed login");
        tokio::time::sleep(FAILURE_DELAY).await;
        let status = StatusCode::UNAUTHORIZED;
        return page(&anchor, status, login, next, Some(WRONG_CREDENTIALS));
    };
    let session = bo::open_session(&db, editor.id, auth::SESSION_LENGTH).await?;
    tracing::info!(login = %editor.login, "back-office: signed in");
    Ok((
        [(header::SET_COOKIE, auth::session_cookie(&state, session))],
        Redirect::to(&next),
    )
        .into_response())
}

pub async fn sign_out(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
) -> Result<Response, BoError> {
    bo::close_session(&state.db().await?, session.id).await?;
    Ok((
        [(header::SET_COOKIE, auth::ended_session_cookie(&state))],
        Redirect::to(LOGIN_PATH),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_ours_are_followed_after_signing_in() {
        assert_eq!(
            next_path(Some("/am/JORFTEXT000000000001")),
            "/am/JORFTEXT000000000001"
        );
        for elsewhere in [
            None,
            Some("https://evil.example"),
            Some("//evil.example"),
            Some("/\\evil"),
        ] {
            assert_eq!(next_path(elsewhere), "/");
        }
    }
}
