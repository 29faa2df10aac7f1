//! Flash messages: a one-time message shown on the page after a redirect ("L'installation a
//! bien été mise à jour"), carried by a short-lived signed cookie.
//!
//! Signed so that a crafted link or a third-party site cannot show official-looking text on
//! our pages.

use crate::security::cookies::{cookie_values, set_cookie};
use crate::security::{Keys, Purpose};
use axum::http::HeaderMap;

/// The cookie's name.
pub const FLASH_COOKIE: &str = "flash";

/// Long enough to survive the redirect, short enough not to reappear later.
const FLASH_MAX_AGE: u64 = 60;

/// How a message looks: `Notice` for a success, `Alert` for a refusal or a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlashKind {
    Notice,
    Alert,
}

impl FlashKind {
    fn code(self) -> &'static str {
        match self {
            FlashKind::Notice => "n",
            FlashKind::Alert => "a",
        }
    }

    /// The DSFR alert modifier class.
    pub fn alert_class(self) -> &'static str {
        match self {
            FlashKind::Notice => "fr-alert--success",
            FlashKind::Alert => "fr-alert--error",
        }
    }
}

/// A message to show once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub kind: FlashKind,
    pub message: String,
}

impl Flash {
    /// A success message.
    pub fn notice(message: impl Into<String>) -> Flash {
        Flash {
            kind: FlashKind::Notice,
            message: message.into(),
        }
    }

    /// A refusal or failure message.
    pub fn alert(message: impl Into<String>) -> Flash {
        Flash {
            kind: FlashKind::Alert,
            message: message.into(),
        }
    }
}

/// The `Set-Cookie` value that carries `flash` to the next page.
pub fn set_flash_cookie(keys: &Keys, flash: &Flash, secure: bool) -> String {
    let payload = format!(
        "{}.{}",
        flash.kind.code(),
        urlencoding::encode(&flash.message)
    );
    let signature = keys.sign(Purpose::Flash, payload.as_bytes());
    set_cookie(
        FLASH_COOKIE,
        &format!("{payload}.{signature}"),
        FLASH_MAX_AGE,
        secure,
    )
}

/// The `Set-Cookie` value that removes the flash once shown.
pub fn clear_flash_cookie(secure: bool) -> String {
    set_cookie(FLASH_COOKIE, "", 0, secure)
}

/// The flash message of a request, if one is present and correctly signed.
pub fn read_flash(keys: &Keys, headers: &HeaderMap) -> Option<Flash> {
    cookie_values(headers, FLASH_COOKIE).find_map(|value| {
        let (payload, signature) = value.rsplit_once('.')?;
        if !keys.verify(Purpose::Flash, payload.as_bytes(), signature) {
            return None;
        }
        let (code, message) = payload.split_once('.')?;
        let kind = match code {
            "n" => FlashKind::Notice,
            "a" => FlashKind::Alert,
            _ => return None,
        };
        let message = urlencoding::decode(message).ok()?.into_owned();
        Some(Flash { kind, message })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use axum::http::{HeaderValue, header::COOKIE};

    fn request_with(set_cookie: &str) -> HeaderMap {
        let pair = set_cookie.split(';').next().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_str(pair).unwrap());
        headers
    }

    #[test]
    fn a_flash_survives_the_redirect_with_its_accents() {
        let keys = Keys::new(&Config::local().secret);
        let flash = Flash::alert("Désolé, vous n’êtes pas autorisé à accéder à cette page");
        let headers = request_with(&set_flash_cookie(&keys, &flash, false));
        assert_eq!(read_flash(&keys, &headers), Some(flash));
    }

    #[test]
    fn a_forged_flash_is_ignored() {
        let keys = Keys::new(&Config::local().secret);
        let cookie = set_flash_cookie(&keys, &Flash::notice("ok"), false);
        let forged = cookie.replace("n.ok", "n.Appelez%20ce%20num%C3%A9ro");
        assert_eq!(read_flash(&keys, &request_with(&forged)), None);
    }
}
