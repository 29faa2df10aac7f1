//! Classements of installations: régime, volume normalisation, sort order.

use crate::date::Date;
use crate::ruby_number::{float_to_s, is_ruby_space, strict_float};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How strictly an activity is regulated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Regime {
    A,
    E,
    D,
    NC,
    #[serde(rename = "unknown")]
    Unknown,
}

impl Regime {
    pub const ALL: [Regime; 5] = [Regime::A, Regime::E, Regime::D, Regime::NC, Regime::Unknown];

    /// The code stored in data: `A`, `E`, `D`, `NC`, `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Regime::A => "A",
            Regime::E => "E",
            Regime::D => "D",
            Regime::NC => "NC",
            Regime::Unknown => "unknown",
        }
    }

    /// Parses a stored code; `None` for anything else.
    pub fn parse(code: &str) -> Option<Regime> {
        Regime::ALL
            .into_iter()
            .find(|regime| regime.as_str() == code)
    }

    /// Strictest first: A=0, E=1, D=2, NC=3, unknown=4 (the order of every classement list).
    pub fn score(self) -> u8 {
        self as u8
    }

    /// The label shown to users ("inconnu" for unknown).
    pub fn label(self) -> &'static str {
        match self {
            Regime::Unknown => "inconnu",
            other => other.as_str(),
        }
    }
}

impl fmt::Display for Regime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One line of an installation's classification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classement {
    pub rubrique: Option<String>,
    pub regime: Regime,
    pub alinea: Option<String>,
    pub date_autorisation: Option<Date>,
    pub date_mise_en_service: Option<Date>,
    pub volume: Volume,
}

/// A classement as S3IC describes it: the estimated current values the AM engine works on, the
/// values of the administrative act, the activity. Rubriques are kept as written: most are 4
/// digits, but `47xx` (blanked Seveso substances) and 3-digit codes are real.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassementDetails {
    /// Estimated current rubrique.
    pub rubrique: String,
    /// Estimated current régime.
    pub regime: Regime,
    /// Estimated current alinéa, verbatim (`1`, `2-a`, `#`, `Nota`).
    pub alinea: Option<String>,
    /// Rubrique in the administrative act.
    pub rubrique_acte: Option<String>,
    /// Régime in the administrative act.
    pub regime_acte: Option<Regime>,
    /// Alinéa in the administrative act.
    pub alinea_acte: Option<String>,
    /// Short label of the activity.
    pub activite: Option<String>,
    /// Day of the act (autorisation, enregistrement or déclaration).
    pub date_autorisation: Option<Date>,
    /// Day the activity started.
    pub date_mise_en_service: Option<Date>,
    /// Quantity and unit, stored as `"<volume> <unit>"`.
    pub volume: Volume,
}

impl ClassementDetails {
    /// The classement the AM engine works on.
    pub fn classement(&self) -> Classement {
        Classement {
            rubrique: Some(self.rubrique.clone()),
            regime: self.regime,
            alinea: self.alinea.clone(),
            date_autorisation: self.date_autorisation,
            date_mise_en_service: self.date_mise_en_service,
            volume: self.volume.clone(),
        }
    }
}

/// The stable order of classement lists: strictest régime first, ties in stored order.
pub fn sort_by_regime<T>(items: &mut [T], regime: impl Fn(&T) -> Regime) {
    items.sort_by_key(|item| regime(item).score());
}

/// A classement's volume as stored ("90.000 m3"), with its normalised form ("90 m3") and value.
#[derive(Debug, Clone, PartialEq)]
pub struct Volume {
    stored: Option<String>,
    normalised: Option<String>,
    value: Option<f64>,
}

impl Volume {
    /// Normalises a stored volume: the leading number is simplified ("90.000" → "90",
    /// "0,170" → "0.17", "1e3" → "1000.0"), the unit kept; a blank volume stays as it is.
    pub fn new(stored: Option<String>) -> Volume {
        let normalised = stored.as_deref().map(normalise);
        let value = normalised
            .as_deref()
            .and_then(|n| n.split(is_ruby_space).find(|w| !w.is_empty()))
            .and_then(strict_float);
        Volume {
            stored,
            normalised,
            value,
        }
    }

    /// The stored form of a CSV row: `"<volume> <unit>"` (a single space when both are empty).
    pub fn from_csv(volume: &str, unit: &str) -> Volume {
        Volume::new(Some(format!("{volume} {unit}")))
    }

    pub fn stored(&self) -> Option<&str> {
        self.stored.as_deref()
    }

    /// The form shown to users.
    pub fn normalised(&self) -> Option<&str> {
        self.normalised.as_deref()
    }

    /// The quantity conditions compare (`quantite-rubrique`), when the volume starts with a number.
    pub fn float_value(&self) -> Option<f64> {
        self.value
    }

    /// False when a non-blank volume does not start with a plain positive number ("-5 t", "10.m3").
    pub fn is_valid(&self) -> bool {
        match self.normalised.as_deref() {
            None => true,
            Some(text) if text.chars().all(is_ruby_space) => true,
            Some(text) => is_plain_quantity(text),
        }
    }
}

fn normalise(stored: &str) -> String {
    let mut words = stored.split(is_ruby_space).filter(|w| !w.is_empty());
    let Some(first) = words.next() else {
        return stored.to_string();
    };
    let number = first.replace(',', ".");
    let simplified = if let Some(integer) = as_thousandths_integer(&number) {
        integer
    } else if let Some(value) = strict_float(&number) {
        float_to_s(value)
    } else {
        number
    };
    let rest: Vec<&str> = words.collect();
    format!("{simplified} {}", rest.join(" "))
        .trim_matches(is_ruby_space)
        .to_string()
}

/// `"90.000"` and `"007"` → `"90"`, `"7"`: digits with an optional `.000`, printed as an integer.
fn as_thousandths_integer(number: &str) -> Option<String> {
    let digits = number.strip_suffix(".000").unwrap_or(number);
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| {
        let trimmed = digits.trim_start_matches('0');
        if trimmed.is_empty() {
            "0".into()
        } else {
            trimmed.into()
        }
    })
}

/// `\A[0-9]+([.,][0-9]+)?\z` or `\A[0-9]+([.,][0-9]+)?\s.+`.
fn is_plain_quantity(text: &str) -> bool {
    let digits_end =
        |from: usize| from + text[from..].bytes().take_while(u8::is_ascii_digit).count();
    let mut end = digits_end(0);
    if end == 0 {
        return false;
    }
    if matches!(text.as_bytes().get(end), Some(b'.' | b',')) {
        let fraction_end = digits_end(end + 1);
        if fraction_end > end + 1 {
            end = fraction_end;
        }
    }
    let mut rest = text[end..].chars();
    match rest.next() {
        None => true,
        Some(c) if is_ruby_space(c) => rest.next().is_some_and(|c| c != '\n'),
        Some(_) => false,
    }
}

impl Serialize for Volume {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.stored.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Volume {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<String>::deserialize(deserializer).map(Volume::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(stored: &str) -> String {
        Volume::new(Some(stored.into()))
            .normalised()
            .unwrap()
            .to_string()
    }

    #[test]
    fn integral_thousandths_become_integers() {
        assert_eq!(normalised("90.000 m3"), "90 m3");
        assert_eq!(normalised("240.000 "), "240");
        assert_eq!(normalised("0.170 t"), "0.17 t");
    }

    #[test]
    fn blank_volumes_are_kept_and_have_no_value() {
        let blank = Volume::from_csv("", "");
        assert_eq!(blank.normalised(), Some(" "));
        assert_eq!(blank.float_value(), None);
        assert!(blank.is_valid());
    }

    #[test]
    fn negative_and_scientific_volumes_are_invalid_but_have_a_value() {
        let negative = Volume::new(Some("-5 t".into()));
        assert_eq!(negative.float_value(), Some(-5.0));
        assert!(!negative.is_valid());
        assert!(!Volume::new(Some("10.m3".into())).is_valid());
    }

    #[test]
    fn regimes_sort_strictest_first() {
        let mut regimes = vec![Regime::Unknown, Regime::D, Regime::NC, Regime::A, Regime::E];
        sort_by_regime(&mut regimes, |r| *r);
        assert_eq!(regimes, Regime::ALL);
    }
}
