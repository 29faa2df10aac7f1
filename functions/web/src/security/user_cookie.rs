//! The anonymous user's cookie: their token (a random UUID) and its signature.
//!
//! The token alone would already be unguessable; the signature lets the server reject a
//! forged or garbled cookie before any database lookup.

use super::cookies::{cookie_values, set_cookie};
use super::keys::{Keys, Purpose};
use axum::http::HeaderMap;
use uuid::Uuid;

/// The cookie's name.
pub const USER_COOKIE: &str = "user";

/// Five years: the anonymous user keeps their installations as long as they come back
/// (the purge deletes users not seen for three months).
pub const USER_COOKIE_MAX_AGE: u64 = 5 * 365 * 24 * 60 * 60;

/// `<token>.<signature>`.
pub fn user_cookie_value(keys: &Keys, token: Uuid) -> String {
    let token = token.hyphenated().to_string();
    let signature = keys.sign(Purpose::UserCookie, token.as_bytes());
    format!("{token}.{signature}")
}

/// The token of a cookie value, `None` when it is forged or garbled.
pub fn verify_user_cookie(keys: &Keys, value: &str) -> Option<Uuid> {
    let (token, signature) = value.split_once('.')?;
    if !keys.verify(Purpose::UserCookie, token.as_bytes(), signature) {
        return None;
    }
    Uuid::try_parse(token).ok()
}

/// The user token of a request: the first `user` cookie that verifies.
pub fn user_token(keys: &Keys, headers: &HeaderMap) -> Option<Uuid> {
    cookie_values(headers, USER_COOKIE).find_map(|value| verify_user_cookie(keys, value))
}

/// The `Set-Cookie` value that gives a browser its user token.
pub fn set_user_cookie(keys: &Keys, token: Uuid, secure: bool) -> String {
    set_cookie(
        USER_COOKIE,
        &user_cookie_value(keys, token),
        USER_COOKIE_MAX_AGE,
        secure,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn a_signed_cookie_gives_back_its_token() {
        let keys = Keys::new(&Config::local().secret);
        let token = Uuid::new_v4();
        assert_eq!(
            verify_user_cookie(&keys, &user_cookie_value(&keys, token)),
            Some(token)
        );
    }

    #[test]
    fn forged_and_garbled_cookies_give_nothing() {
        let keys = Keys::new(&Config::local().secret);
        let value = user_cookie_value(&keys, Uuid::new_v4());
        let (_, signature) = value.split_once('.').unwrap();
        let forged = format!("{}.{signature}", Uuid::new_v4());
        for bad in [
            forged.as_str(),
            "",
            "garbage",
            &value[..value.len() - 1],
            &value.replace('.', ""),
        ] {
            assert_eq!(verify_user_cookie(&keys, bad), None, "{bad}");
        }
    }

    #[test]
    fn the_cookie_lasts_five_years_and_is_http_only() {
        let keys = Keys::new(&Config::local().secret);
        let header = set_user_cookie(&keys, Uuid::new_v4(), true);
        assert!(header.starts_with("user="));
        for part in [
            "Max-Age=157680000",
            "HttpOnly",
            "SameSite=Lax",
            "Secure",
            "Path=/",
        ] {
            assert!(header.contains(part), "{part} missing in {header}");
        }
    }
}
