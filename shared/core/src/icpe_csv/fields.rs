//! Typed values of prepared CSV fields, each parsed with the problem it raises when invalid.
//!
//! Every helper returns a value and pushes a problem when the text is invalid, so that a row
//! reports all its problems at once; a row is accepted only when none was pushed.

use super::file::Row;
use super::ids::{GeorisquesId, S3icId};
use super::problem::{Problem, Rule};
use crate::classement::Regime;
use crate::date::Date;
use serde::Serialize;

/// The text values an enumeration has in files, with its parser.
macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in file spelling order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as files and the database spell it.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the exact spelling; `None` for anything else.
            pub fn parse(text: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == text)
            }

            /// The accepted spellings, for messages.
            fn listing() -> String {
                $name::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }
    };
}

text_enum!(
    /// An installation's Seveso status.
    Seveso {
        /// Non Seveso.
        NonSeveso = "NS",
        /// Seuil bas.
        SeuilBas = "SB",
        /// Seuil haut.
        SeuilHaut = "SH",
        /// Autorisation avec servitudes (the former status, still in S3IC).
        Servitudes = "AS",
    }
);

text_enum!(
    /// The activity state of an installation in S3IC (`active` in files, `state` in the database).
    InstallationState {
        /// Running.
        EnFonctionnement = "En fonctionnement",
        /// Being built.
        EnConstruction = "En construction",
        /// Closure declared.
        CessationDeclaree = "Cessation déclarée",
        /// Stopped.
        ALArret = "A l'arrêt",
        /// Closure inspected.
        RecolementFait = "Récolement fait",
    }
);

text_enum!(
    /// Where the OCR of an AP's PDF stands.
    OcrStatus {
        /// Unknown (the original's placeholder).
        Null = "null",
        /// OCR failed; the PDF is kept as is.
        Error = "ERROR",
        /// The PDF has a text layer.
        Success = "SUCCESS",
        /// Not tried yet.
        NotAttempted = "NOT_ATTEMPTED",
    }
);

impl Row<'_> {
    /// The value, or `None` when blank.
    pub fn optional(&self, column: &str) -> Option<String> {
        let text = self.text(column);
        (!text.is_empty()).then(|| text.to_string())
    }

    /// The value; a problem when blank.
    pub fn required(&self, column: &str, problems: &mut Vec<Problem>) -> String {
        let text = self.text(column);
        if text.trim().is_empty() {
            problems.push(self.problem(
                column,
                text,
                Rule::Required,
                format!("{column} is required"),
            ));
        }
        text.to_string()
    }

    /// A required S3IC id of a real installation (not the fictive `0000.00000`).
    pub fn s3ic_id(&self, column: &str, problems: &mut Vec<Problem>) -> S3icId {
        let text = self.text(column);
        match S3icId::parse(text) {
            Some(id) if id.is_fictive() => {
                problems.push(self.problem(
                    column,
                    text,
                    Rule::ReservedS3icId,
                    "0000.00000 is reserved for users' fictive installations",
                ));
                id
            }
            Some(id) => id,
            None => {
                let message = if text.is_empty() {
                    format!("{column} is required (format dddd.ddddd)")
                } else {
                    "invalid S3IC id (expected 4 digits, a dot, 5 digits: dddd.ddddd)".into()
                };
                let rule = if text.is_empty() {
                    Rule::Required
                } else {
                    Rule::S3icId
                };
                problems.push(self.problem(column, text, rule, message));
                S3icId::FICTIVE
            }
        }
    }

    /// A required Géorisques document id.
    pub fn georisques_id(&self, column: &str, problems: &mut Vec<Problem>) -> Option<GeorisquesId> {
        let text = self.text(column);
        let id = GeorisquesId::parse(text);
        if id.is_none() {
            problems.push(self.problem(
                column,
                text,
                Rule::GeorisquesId,
                "invalid Géorisques id (expected 36 characters: an upper-case letter, a lower-case hex digit and 32 lower-case hex digits, separated by '/', e.g. P/c/b6896c18c4964031a644c67b4618d88c)",
            ));
        }
        id
    }

    /// A régime among `allowed`; `None` when blank and not `required`.
    pub fn regime(
        &self,
        column: &str,
        allowed: &[Regime],
        required: bool,
        problems: &mut Vec<Problem>,
    ) -> Option<Regime> {
        let text = self.text(column);
        if text.is_empty() && !required {
            return None;
        }
        let listing = allowed
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let regime = Regime::parse(text).filter(|r| allowed.contains(r));
        if regime.is_none() {
            let message = if text.is_empty() {
                format!("{column} is required (one of {listing})")
            } else {
                format!("unknown régime (expected one of {listing})")
            };
            let rule = if text.is_empty() {
                Rule::Required
            } else {
                Rule::Regime
            };
            problems.push(self.problem(column, text, rule, message));
        }
        regime
    }

    /// A date written `YYYY-MM-DD` that exists; `None` when blank.
    pub fn date(&self, column: &str, problems: &mut Vec<Problem>) -> Option<Date> {
        let text = self.text(column);
        if text.is_empty() {
            return None;
        }
        let iso_shape = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        let date = iso_shape.then(|| Date::parse(text)).flatten();
        if date.is_none() {
            let message = if iso_shape {
                "this day does not exist"
            } else {
                "invalid date (expected YYYY-MM-DD)"
            };
            problems.push(self.problem(column, text, Rule::Date, message));
        }
        date
    }

    /// An optional value of a text enumeration.
    pub fn choice<T: Copy>(
        &self,
        column: &str,
        parse: fn(&str) -> Option<T>,
        listing: &str,
        rule: Rule,
        problems: &mut Vec<Problem>,
    ) -> Option<T> {
        let text = self.text(column);
        if text.is_empty() {
            return None;
        }
        let value = parse(text);
        if value.is_none() {
            problems.push(self.problem(
                column,
                text,
                rule,
                format!("unknown value (expected one of {listing}, or blank)"),
            ));
        }
        value
    }

    /// An optional Seveso status.
    pub fn seveso(&self, column: &str, problems: &mut Vec<Problem>) -> Option<Seveso> {
        self.choice(
            column,
            Seveso::parse,
            &Seveso::listing(),
            Rule::Seveso,
            problems,
        )
    }

    /// An optional S3IC activity state.
    pub fn installation_state(
        &self,
        column: &str,
        problems: &mut Vec<Problem>,
    ) -> Option<InstallationState> {
        self.choice(
            column,
            InstallationState::parse,
            &InstallationState::listing(),
            Rule::State,
            problems,
        )
    }

    /// A required OCR status.
    pub fn ocr_status(&self, column: &str, problems: &mut Vec<Problem>) -> OcrStatus {
        let text = self.text(column);
        OcrStatus::parse(text).unwrap_or_else(|| {
            problems.push(self.problem(
                column,
                text,
                Rule::OcrStatus,
                format!(
                    "unknown OCR status (expected one of {})",
                    OcrStatus::listing()
                ),
            ));
            OcrStatus::Null
        })
    }

    /// An optional size in bytes, written as a whole number (`199821` or `199821.0`).
    pub fn size(&self, column: &str, problems: &mut Vec<Problem>) -> Option<i32> {
        let text = self.text(column);
        if text.is_empty() {
            return None;
        }
        let size = text
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0 && v.fract() == 0.0 && *v <= f64::from(i32::MAX))
            // The filter above makes the conversion exact.
            .map(|v| v as i32);
        if size.is_none() {
            problems.push(self.problem(
                column,
                text,
                Rule::Size,
                "invalid size (expected a whole, non-negative number of bytes below 2 GiB)",
            ));
        }
        size
    }
}
