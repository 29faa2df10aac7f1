//! Identifiers of installations (S3IC) and of their documents (Géorisques), parsed once.
//!
//! Both are stored compactly (a number, a few bytes) because an import holds hundreds of
//! thousands of them in sets; they print back exactly as they were written.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An S3IC installation id, `dddd.ddddd` (e.g. `0065.00037`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct S3icId(u32);

impl S3icId {
    /// The id every fictive installation carries (`0000.00000`); never a real S3IC id.
    pub const FICTIVE: S3icId = S3icId(0);

    /// Parses `dddd.ddddd` exactly (no spaces, ASCII digits only).
    pub fn parse(text: &str) -> Option<S3icId> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'.' {
            return None;
        }
        let digits = |range: std::ops::Range<usize>| {
            bytes[range].iter().try_fold(0u32, |acc, b| {
                b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
            })
        };
        Some(S3icId(digits(0..4)? * 100_000 + digits(5..10)?))
    }

    /// True for `0000.00000`, the id of fictive installations.
    pub fn is_fictive(self) -> bool {
        self == S3icId::FICTIVE
    }
}

impl fmt::Display for S3icId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}.{:05}", self.0 / 100_000, self.0 % 100_000)
    }
}

/// The error of parsing an id from text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a valid {what}")]
pub struct InvalidId {
    what: &'static str,
    text: String,
}

impl FromStr for S3icId {
    type Err = InvalidId;
    fn from_str(text: &str) -> Result<S3icId, InvalidId> {
        S3icId::parse(text).ok_or_else(|| InvalidId {
            what: "S3IC id (dddd.ddddd)",
            text: text.into(),
        })
    }
}

/// A Géorisques document id: `^[A-Z]/[a-f0-9]/[a-f0-9]{32}$` (e.g. `P/c/b6896c18c4964031a644c67b4618d88c`).
///
/// It is also the key of the AP's PDF in the `ap` bucket (`<id>.pdf`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GeorisquesId {
    letter: u8,
    shard: u8,
    hash: u128,
}

impl GeorisquesId {
    /// Parses the 36-character form exactly (lower-case hexadecimal only).
    pub fn parse(text: &str) -> Option<GeorisquesId> {
        let bytes = text.as_bytes();
        if bytes.len() != 36 || bytes[1] != b'/' || bytes[3] != b'/' {
            return None;
        }
        let letter = bytes[0];
        if !letter.is_ascii_uppercase() {
            return None;
        }
        let hash = bytes[4..]
            .iter()
            .try_fold(0u128, |acc, &b| Some(acc << 4 | u128::from(hex_digit(b)?)))?;
        Some(GeorisquesId {
            letter,
            shard: hex_digit(bytes[2])?,
            hash,
        })
    }
}

/// The value of a lower-case hexadecimal digit.
fn hex_digit(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        _ => None,
    }
}

impl fmt::Display for GeorisquesId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{:x}/{:032x}",
            char::from(self.letter),
            self.shard,
            self.hash
        )
    }
}

impl FromStr for GeorisquesId {
    type Err = InvalidId;
    fn from_str(text: &str) -> Result<GeorisquesId, InvalidId> {
        GeorisquesId::parse(text).ok_or_else(|| InvalidId {
            what: "Géorisques id (X/h/<32 hex digits>)",
            text: text.into(),
        })
    }
}

/// Both ids travel as their text form (JSON reports, events, URLs).
macro_rules! serde_as_text {
    ($type:ty) => {
        impl Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

serde_as_text!(S3icId);
serde_as_text!(GeorisquesId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3ic_ids_print_back_as_written() {
        for text in ["0065.00037", "0000.00000", "9999.99999", "0038.02068"] {
            assert_eq!(S3icId::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn s3ic_ids_need_four_digits_a_dot_and_five_digits() {
        for text in [
            "65.00037",
            "0065.0003",
            "0065,00037",
            " 0065.00037",
            "0065.00037 ",
            "006a.00037",
            "0065.000370",
            "",
            "٠٠٦٥.٠٠٠٣٧",
        ] {
            assert_eq!(S3icId::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn only_0000_00000_is_fictive() {
        assert!(S3icId::parse("0000.00000").unwrap().is_fictive());
        assert!(!S3icId::parse("0000.00001").unwrap().is_fictive());
    }

    #[test]
    fn georisques_ids_print_back_as_written() {
        let text = "P/c/b6896c18c4964031a644c67b4618d88c";
        assert_eq!(GeorisquesId::parse(text).unwrap().to_string(), text);
        let zeros = "A/0/00000000000000000000000000000000";
        assert_eq!(GeorisquesId::parse(zeros).unwrap().to_string(), zeros);
    }

    #[test]
    fn georisques_ids_reject_upper_case_hex_and_wrong_shapes() {
        for text in [
            "P/c/B6896C18C4964031A644C67B4618D88C",
            "p/c/b6896c18c4964031a644c67b4618d88c",
            "P/g/b6896c18c4964031a644c67b4618d88c",
            "P/c/b6896c18c4964031a644c67b4618d88",
            "P/c/b6896c18c4964031a644c67b4618d88cc",
            "P-c-b6896c18c4964031a644c67b4618d88c",
            "P/c/b6896c18c4964031a644c67b4618d88c.pdf",
        ] {
            assert_eq!(GeorisquesId::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn ids_serialise_as_their_text() {
        let id = S3icId::parse("0065.00037").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), r#""0065.00037""#);
        assert_eq!(
            serde_json::from_str::<S3icId>(r#""0065.00037""#).unwrap(),
            id
        );
        assert!(serde_json::from_str::<S3icId>(r#""65.37""#).is_err());
    }
}
