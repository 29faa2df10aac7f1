//! The parameters of an installation that conditions read, derived from its classements.

use crate::classement::{Classement, Regime};
use crate::date::Date;
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::cmp::Ordering;

/// Known values of an installation for one AM; an unknown value is `None`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parameters {
    pub regime: Option<String>,
    pub alinea: Option<String>,
    pub rubrique: Option<String>,
    pub quantite_rubrique: Option<f64>,
    pub date_installation: Option<Date>,
    pub date_autorisation: Option<Date>,
    pub date_declaration: Option<Date>,
    pub date_enregistrement: Option<Date>,
}

/// One parameter value, as conditions compare it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ParamValue<'a> {
    Date(Date),
    Number(f64),
    Text(&'a str),
}

impl ParamValue<'_> {
    /// Ordering of two values of the same kind; values of different kinds never compare.
    pub fn compare(&self, other: &ParamValue<'_>) -> Option<Ordering> {
        match (self, other) {
            (ParamValue::Date(a), ParamValue::Date(b)) => Some(a.cmp(b)),
            (ParamValue::Number(a), ParamValue::Number(b)) => a.partial_cmp(b),
            (ParamValue::Text(a), ParamValue::Text(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }
}

impl Parameters {
    /// The parameters of one classement. Its authorisation date is filed under the key its
    /// régime uses: autorisation (A), déclaration (D), enregistrement (anything else).
    pub fn of_classement(classement: &Classement) -> Parameters {
        let dated = classement.date_autorisation;
        let (date_autorisation, date_declaration, date_enregistrement) = match classement.regime {
            Regime::A => (dated, None, None),
            Regime::D => (None, dated, None),
            _ => (None, None, dated),
        };
        Parameters {
            regime: Some(classement.regime.as_str().to_string()),
            alinea: classement.alinea.clone(),
            rubrique: classement.rubrique.clone(),
            quantite_rubrique: classement.volume.float_value(),
            date_installation: classement.date_mise_en_service,
            date_autorisation,
            date_declaration,
            date_enregistrement,
        }
    }

    /// The parameters of several classements: only the values they all share are known.
    pub fn of_classements<'a>(classements: impl IntoIterator<Item = &'a Classement>) -> Parameters {
        let mut classements = classements.into_iter();
        let Some(first) = classements.next() else {
            return Parameters::default();
        };
        let mut shared = Parameters::of_classement(first);
        for other in classements {
            let other = Parameters::of_classement(other);
            keep_if_equal(&mut shared.regime, &other.regime);
            keep_if_equal(&mut shared.alinea, &other.alinea);
            keep_if_equal(&mut shared.rubrique, &other.rubrique);
            keep_if_equal(&mut shared.quantite_rubrique, &other.quantite_rubrique);
            keep_if_equal(&mut shared.date_installation, &other.date_installation);
            keep_if_equal(&mut shared.date_autorisation, &other.date_autorisation);
            keep_if_equal(&mut shared.date_declaration, &other.date_declaration);
            keep_if_equal(&mut shared.date_enregistrement, &other.date_enregistrement);
        }
        shared
    }

    /// The value of a parameter by its id, as conditions name it.
    pub fn get(&self, id: &str) -> Option<ParamValue<'_>> {
        match id {
            "regime" => self.regime.as_deref().map(ParamValue::Text),
            "alinea" => self.alinea.as_deref().map(ParamValue::Text),
            "rubrique" => self.rubrique.as_deref().map(ParamValue::Text),
            "quantite-rubrique" => self.quantite_rubrique.map(ParamValue::Number),
            "date-d-installation" => self.date_installation.map(ParamValue::Date),
            "date-d-autorisation" => self.date_autorisation.map(ParamValue::Date),
            "date-d-declaration" => self.date_declaration.map(ParamValue::Date),
            "date-d-enregistrement" => self.date_enregistrement.map(ParamValue::Date),
            _ => None,
        }
    }
}

fn keep_if_equal<T: PartialEq>(kept: &mut Option<T>, other: &Option<T>) {
    if kept.as_ref() != other.as_ref() {
        *kept = None;
    }
}

/// The original's JSON form: known values only, dates as `YYYY-MM-DD`, the quantity as a number.
impl Serialize for Parameters {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        let texts = [
            ("regime", &self.regime),
            ("alinea", &self.alinea),
            ("rubrique", &self.rubrique),
        ];
        for (key, value) in texts {
            if let Some(value) = value {
                map.serialize_entry(key, value)?;
            }
        }
        if let Some(quantity) = self.quantite_rubrique {
            map.serialize_entry("quantite-rubrique", &quantity)?;
        }
        let dates = [
            ("date-d-installation", self.date_installation),
            ("date-d-autorisation", self.date_autorisation),
            ("date-d-declaration", self.date_declaration),
            ("date-d-enregistrement", self.date_enregistrement),
        ];
        for (key, value) in dates {
            if let Some(date) = value {
                map.serialize_entry(key, &date)?;
            }
        }
        map.end()
    }
}

/// Reads the JSON form written by [`Serialize`]; other keys are ignored.
impl<'de> serde::Deserialize<'de> for Parameters {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let map = serde_json::Map::<String, serde_json::Value>::deserialize(deserializer)?;
        let text = |key: &str| map.get(key).and_then(|v| v.as_str()).map(str::to_string);
        let date = |key: &str| -> Result<Option<Date>, D::Error> {
            match map.get(key).and_then(|v| v.as_str()) {
                None => Ok(None),
                Some(text) => Date::parse(text)
                    .map(Some)
                    .ok_or_else(|| D::Error::custom(format!("{key}: invalid date {text:?}"))),
            }
        };
        Ok(Parameters {
            regime: text("regime"),
            alinea: text("alinea"),
            rubrique: text("rubrique"),
            quantite_rubrique: map.get("quantite-rubrique").and_then(|v| v.as_f64()),
            date_installation: date("date-d-installation")?,
            date_autorisation: date("date-d-autorisation")?,
            date_declaration: date("date-d-declaration")?,
            date_enregistrement: date("date-d-enregistrement")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classement::Volume;

    fn classement(
        rubrique: &str,
        regime: Regime,
        alinea: &str,
        date: &str,
        volume: &str,
    ) -> Classement {
        Classement {
            rubrique: Some(rubrique.into()),
            regime,
            alinea: Some(alinea.into()),
            date_autorisation: Date::parse(date),
            date_mise_en_service: Date::parse(date),
            volume: Volume::new(Some(volume.into())),
        }
    }

    #[test]
    fn the_authorisation_date_is_filed_under_the_key_of_the_regime() {
        let a = Parameters::of_classement(&classement("1", Regime::A, "1", "2000-01-01", ""));
        let d = Parameters::of_classement(&classement("1", Regime::D, "1", "2000-01-01", ""));
        let nc = Parameters::of_classement(&classement("1", Regime::NC, "1", "2000-01-01", ""));
        assert!(
            a.date_autorisation.is_some()
                && a.date_declaration.is_none()
                && a.date_enregistrement.is_none()
        );
        assert!(d.date_declaration.is_some() && d.date_autorisation.is_none());
        assert!(nc.date_enregistrement.is_some());
    }

    #[test]
    fn several_classements_keep_only_the_values_they_share() {
        let shared = Parameters::of_classements(&[
            classement("2521", Regime::E, "1", "1974-05-07", "150000 t/an"),
            classement("2522", Regime::E, "2", "1974-05-07", "150000 t/an"),
        ]);
        let json = serde_json::to_value(&shared).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"regime": "E", "quantite-rubrique": 150000.0,
                "date-d-installation": "1974-05-07", "date-d-enregistrement": "1974-05-07"})
        );
    }

    #[test]
    fn several_classements_with_different_dates_leave_the_dates_unknown() {
        let shared = Parameters::of_classements(&[
            classement("2521", Regime::E, "1", "1974-05-07", "1 t"),
            classement("2521", Regime::E, "1", "2001-01-01", "1 t"),
        ]);
        assert_eq!(
            (shared.date_installation, shared.date_enregistrement),
            (None, None)
        );
        assert_eq!(shared.rubrique.as_deref(), Some("2521"));
    }

    #[test]
    fn no_classement_gives_no_parameter() {
        assert_eq!(Parameters::of_classements(&[]), Parameters::default());
    }
}
