//! HMAC-SHA256 signatures with the app's secret: the one place that signs and verifies.
//!
//! Every signature is bound to a [`Purpose`], so a value signed for one use (a user cookie)
//! is never accepted for another (a CSRF token).

use crate::config::SecretKey;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::fmt;

type HmacSha256 = Hmac<Sha256>;

/// What a signature is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    UserCookie,
    Csrf,
    Flash,
}

impl Purpose {
    fn label(self) -> &'static [u8] {
        match self {
            Purpose::UserCookie => b"user-cookie",
            Purpose::Csrf => b"csrf",
            Purpose::Flash => b"flash",
        }
    }
}

/// The signing key, ready to use (the HMAC key schedule is computed once).
#[derive(Clone)]
pub struct Keys {
    mac: HmacSha256,
}

impl Keys {
    /// Prepares the key.
    pub fn new(secret: &SecretKey) -> Keys {
        // HMAC accepts keys of any length: this cannot fail.
        let mac = match HmacSha256::new_from_slice(secret.expose()) {
            Ok(mac) => mac,
            Err(_) => unreachable!("HMAC takes keys of any length"),
        };
        Keys { mac }
    }

    fn mac(&self, purpose: Purpose, message: &[u8]) -> HmacSha256 {
        let mut mac = self.mac.clone();
        mac.update(purpose.label());
        mac.update(&[0]);
        mac.update(message);
        mac
    }

    /// The signature of `message`, in lowercase hexadecimal.
    pub fn sign(&self, purpose: Purpose, message: &[u8]) -> String {
        hex(&self.mac(purpose, message).finalize().into_bytes())
    }

    /// Whether `signature` (hexadecimal) signs `message`, compared in constant time.
    pub fn verify(&self, purpose: Purpose, message: &[u8], signature: &str) -> bool {
        match unhex(signature) {
            Some(tag) => self.mac(purpose, message).verify_slice(&tag).is_ok(),
            None => false,
        }
    }
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Keys(<redacted>)")
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    out
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    bytes
        .chunks_exact(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn keys() -> Keys {
        Keys::new(&Config::local().secret)
    }

    #[test]
    fn a_signature_verifies_only_its_message_and_purpose() {
        let keys = keys();
        let signature = keys.sign(Purpose::UserCookie, b"abc");
        assert_eq!(signature.len(), 64);
        assert!(keys.verify(Purpose::UserCookie, b"abc", &signature));
        assert!(!keys.verify(Purpose::UserCookie, b"abd", &signature));
        assert!(!keys.verify(Purpose::Csrf, b"abc", &signature));
    }

    #[test]
    fn garbled_signatures_are_rejected() {
        let keys = keys();
        let signature = keys.sign(Purpose::Flash, b"abc");
        for garbled in [
            "",
            "zz",
            &signature[..63],
            &signature.to_uppercase(),
            &signature[..62],
        ] {
            assert!(!keys.verify(Purpose::Flash, b"abc", garbled), "{garbled}");
        }
    }

    #[test]
    fn another_secret_gives_other_signatures() {
        let other = Keys::new(&crate::config::SecretKey::new(vec![7; 32]).unwrap());
        let signature = keys().sign(Purpose::Csrf, b"abc");
        assert!(!other.verify(Purpose::Csrf, b"abc", &signature));
    }
}
