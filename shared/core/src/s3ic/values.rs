//! The typed values of the S3IC extracts: dates, régimes and the enums of installations.

use crate::classement::Regime;
use crate::date::Date;
use std::cmp::Ordering;

/// A date written `YYYY-MM-DD` (as `date.fromisoformat` of the original accepts), with its text.
///
/// The text is kept to write it back exactly as the source (odd years like `0019` included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IsoDate<'r> {
    pub date: Date,
    pub text: &'r str,
}

impl<'r> IsoDate<'r> {
    /// Parses exactly `YYYY-MM-DD` naming an existing day of a year from 1 (Python's `MINYEAR`).
    pub fn parse(text: &'r str) -> Option<IsoDate<'r>> {
        let bytes = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = bytes.get(range)?;
            part.iter().all(u8::is_ascii_digit).then(|| {
                part.iter()
                    .fold(0, |number, digit| number * 10 + u32::from(digit - b'0'))
            })
        };
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year = i32::try_from(digits(0..4)?)
            .ok()
            .filter(|&year| year >= 1)?;
        let month = u8::try_from(digits(5..7)?).ok()?;
        let day = u8::try_from(digits(8..10)?).ok()?;
        Date::new(year, month, day).map(|date| IsoDate { date, text })
    }
}

/// What a date cell must hold, for error messages.
pub(crate) const DATE_EXPECTED: &str = "an existing date written YYYY-MM-DD, or an empty cell";

/// An optional value ordered after every present one, as pandas' `sort_values(na_position="last")`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EmptyLast<T>(pub Option<T>);

impl<T: Ord> Ord for EmptyLast<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => a.cmp(b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
}

impl<T: Ord> PartialOrd for EmptyLast<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// `None` for an empty cell (pandas reads it as a missing value).
pub(crate) fn non_empty(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

/// The régime of a published installation (`régime_etab_en_vigueur`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InstallationRegime {
    A,
    E,
}

impl InstallationRegime {
    /// A, E, and S and 2 (both kinds of autorisation) → A; any other régime is not published.
    pub fn publishable(code: &str) -> Option<InstallationRegime> {
        match code {
            "A" | "S" | "2" => Some(InstallationRegime::A),
            "E" => Some(InstallationRegime::E),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            InstallationRegime::A => "A",
            InstallationRegime::E => "E",
        }
    }
}

/// Seveso status of an installation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Seveso {
    /// NS: not Seveso.
    Ns,
    SeuilHaut,
    SeuilBas,
    As,
    Empty,
}

impl Seveso {
    /// What `statut_seveso` may hold.
    pub const EXPECTED: &str = "one of NS, SH, SSH, SB, SSB, AS, or an empty cell";

    /// Reads a raw status; the S3IC codes SSH and SSB are the thresholds SH and SB.
    pub fn parse(code: &str) -> Option<Seveso> {
        match code {
            "NS" => Some(Seveso::Ns),
            "SH" | "SSH" => Some(Seveso::SeuilHaut),
            "SB" | "SSB" => Some(Seveso::SeuilBas),
            "AS" => Some(Seveso::As),
            "" => Some(Seveso::Empty),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Seveso::Ns => "NS",
            Seveso::SeuilHaut => "SH",
            Seveso::SeuilBas => "SB",
            Seveso::As => "AS",
            Seveso::Empty => "",
        }
    }
}

/// Family of an installation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Family {
    Industries,
    Carrieres,
    Volailles,
    Bovins,
    Porcs,
}

impl Family {
    /// What `famille` may hold.
    pub const EXPECTED: &str = "one of industrie, carriere, volailles, bovins, porcs (or Industries, Carrières, Volailles, Bovins, Porcs)";

    /// Reads the raw lower-case family, or the published form (the original maps only the former).
    pub fn parse(code: &str) -> Option<Family> {
        match code {
            "industrie" | "Industries" => Some(Family::Industries),
            "carriere" | "Carrières" => Some(Family::Carrieres),
            "volailles" | "Volailles" => Some(Family::Volailles),
            "bovins" | "Bovins" => Some(Family::Bovins),
            "porcs" | "Porcs" => Some(Family::Porcs),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Family::Industries => "Industries",
            Family::Carrieres => "Carrières",
            Family::Volailles => "Volailles",
            Family::Bovins => "Bovins",
            Family::Porcs => "Porcs",
        }
    }
}

/// Activity status of an installation (`état_de_l_activité`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Activity {
    EnFonctionnement,
    EnConstruction,
    CessationDeclaree,
    ALArret,
    RecolementFait,
    Empty,
}

impl Activity {
    /// What `état_de_l_activité` may hold.
    pub const EXPECTED: &str = "one of En fonctionnement, En construction, Cessation déclarée, \
         A l'arrêt, Récolement fait, or an empty cell";

    pub fn parse(text: &str) -> Option<Activity> {
        match text {
            "En fonctionnement" => Some(Activity::EnFonctionnement),
            "En construction" => Some(Activity::EnConstruction),
            "Cessation déclarée" => Some(Activity::CessationDeclaree),
            "A l'arrêt" => Some(Activity::ALArret),
            "Récolement fait" => Some(Activity::RecolementFait),
            "" => Some(Activity::Empty),
            _ => None,
        }
    }

    /// Only running or soon-running installations are inspected.
    pub fn is_active(self) -> bool {
        matches!(self, Activity::EnFonctionnement | Activity::EnConstruction)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Activity::EnFonctionnement => "En fonctionnement",
            Activity::EnConstruction => "En construction",
            Activity::CessationDeclaree => "Cessation déclarée",
            Activity::ALArret => "A l'arrêt",
            Activity::RecolementFait => "Récolement fait",
            Activity::Empty => "",
        }
    }
}

/// What a classement régime cell may hold.
pub(super) const DETAILED_REGIME_EXPECTED: &str = "one of A, E, D, DC, NC, S, 1, 2, 3, unknown";

/// The simple régime of a detailed S3IC régime (`DetailedRegime.to_simple_regime()` of the
/// original): DC is a declaration, S/1/2/3 have no simple equivalent. An empty cell is invalid.
pub(super) fn simple_regime(detailed: &str) -> Option<Regime> {
    match detailed {
        "A" => Some(Regime::A),
        "E" => Some(Regime::E),
        "D" | "DC" => Some(Regime::D),
        "NC" => Some(Regime::NC),
        "S" | "1" | "2" | "3" | "unknown" => Some(Regime::Unknown),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_keep_odd_years_as_written() {
        for text in ["0019-12-09", "1814-11-23", "2020-02-29"] {
            let date = IsoDate::parse(text).unwrap();
            assert_eq!((date.text, date.date.to_string()), (text, text.to_string()));
        }
    }

    #[test]
    fn iso_dates_reject_other_forms_and_days_that_do_not_exist() {
        for text in [
            "",
            "2021-02-29",
            "2020-13-01",
            "09/04/2019",
            "2019-4-09",
            " 2019-04-09",
            "0000-01-01",
            "2019-04-09T00:00",
            "+019-04-09",
        ] {
            assert_eq!(IsoDate::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn iso_dates_order_chronologically_and_empties_last() {
        let date = |text| EmptyLast(IsoDate::parse(text).map(|date| date.date));
        assert!(date("0019-12-09") < date("1814-11-23"));
        assert!(date("2000-01-01") < date(""));
        assert!(date("") > date("9999-12-31"));
        assert_eq!(date("").cmp(&date("")), Ordering::Equal);
    }

    #[test]
    fn detailed_regimes_simplify_like_the_original() {
        let simple = |code| simple_regime(code).map(Regime::as_str);
        assert_eq!(simple("DC"), Some("D"));
        assert_eq!(simple("S"), Some("unknown"));
        assert_eq!(simple("3"), Some("unknown"));
        assert_eq!(simple("NC"), Some("NC"));
        assert_eq!(simple(""), None);
        assert_eq!(simple("X"), None);
    }
}
