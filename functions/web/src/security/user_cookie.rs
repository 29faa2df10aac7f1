//! The anonymous user's cookie: their token (a random UUID) and its signature.
//!
//! The token alone would already be unguessable; the signature lets the server reject a
//! forged or garbled cookie before any database lookup.

use super::cookies::{cookie_values, set_cookie};
use super::keys::{Keys, Purpose};
use axum::http::HeaderMap;
use uuid::Uuid;

/// The cookie's name on plain-HTTP localhost, where browsers refuse `__Host-` cookies.
pub const USER_COOKIE: &str = "user";
/// The cookie's name when cookies are `Secure`: browsers only accept a `__Host-` cookie sent
/// over HTTPS for the whole site of this very host, so a sibling subdomain or a plain-HTTP page
/// cannot plant one (a user token of the attacker's choosing).
pub const SECURE_USER_COOKIE: &str = "__Host-user";

/// The cookie's name: [`SECURE_USER_COOKIE`] when `secure`, else [`USER_COOKIE`].
pub fn user_cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_USER_COOKIE
    } else {
        USER_COOKIE
    }
}

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

/// The user token of a request: the first user cookie (named as `secure` says) that verifies.
pub fn user_token(keys: &Keys, headers: &HeaderMap, secure: bool) -> Option<Uuid> {
    cookie_values(headers, user_cookie_name(secure))
        .find_map(|value| verify_user_cookie(keys, value))
}

/// The `Set-Cookie` value that gives a browser its user token.
pub fn set_user_cookie(keys: &Keys, token: Uuid, secure: bool) -> String {
    set_cookie(
        user_cookie_name(secure),
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
    fn a_secure_cookie_has_the_host_prefix_and_only_it_is_read_then() {
        let keys = Keys::new(&Config::local().secret);
        let token = Uuid::new_v4();
        let secure = set_user_cookie(&keys, token, true);
        assert!(
            secure.starts_with("__Host-user=")
                && secure.contains("; Path=/;")
                && secure.ends_with("; Secure")
                && !secure.contains("Domain"),
            "{secure}"
        );
        let plain = set_user_cookie(&keys, token, false);
        assert!(
            plain.starts_with("user=") && !plain.contains("Secure"),
            "{plain}"
        );
        let value = user_cookie_value(&keys, token);
        let sent = |cookie: String| {
            let mut headers = HeaderMap::new();
            headers.insert(axum::http::header::COOKIE, cookie.parse().unwrap());
            headers
        };
        let host = sent(format!("__Host-user={value}"));
        let bare = sent(format!("user={value}"));
        assert_eq!(user_token(&keys, &host, true), Some(token));
        assert_eq!(user_token(&keys, &bare, true), None);
        assert_eq!(user_token(&keys, &bare, false), Some(token));
        assert_eq!(user_token(&keys, &host, false), None);
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
        assert!(header.starts_with("__Host-user="), "{header}");
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
