//! The eight parameters the condition form offers, their labels, and how their values are typed
//! and shown.

use super::ConditionFormError;
use crate::classement::Regime;
use crate::condition::Parameter;
use crate::date::Date;
use crate::parameters::ParamValue;
use crate::ruby_number::float_to_s;
use serde_json::Value;

/// A parameter the form offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variable {
    /// `regime` (REGIME): A, E, D or NC.
    Regime,
    /// `date-d-autorisation` (DATE).
    DateAutorisation,
    /// `date-d-declaration` (DATE).
    DateDeclaration,
    /// `date-d-enregistrement` (DATE).
    DateEnregistrement,
    /// `date-d-installation` (DATE): the date of commissioning.
    DateInstallation,
    /// `alinea` (STRING): free text.
    Alinea,
    /// `rubrique` (RUBRIQUE): 4 digits.
    Rubrique,
    /// `quantite-rubrique` (REAL_NUMBER).
    QuantiteRubrique,
}

impl Variable {
    /// The variables in the order the form lists them.
    pub const ALL: [Variable; 8] = [
        Variable::Regime,
        Variable::DateAutorisation,
        Variable::DateDeclaration,
        Variable::DateEnregistrement,
        Variable::DateInstallation,
        Variable::Alinea,
        Variable::Rubrique,
        Variable::QuantiteRubrique,
    ];

    /// The label editors read ("Date de mise en service").
    pub fn label(self) -> &'static str {
        match self {
            Variable::Regime => "Régime",
            Variable::DateAutorisation => "Date d'autorisation",
            Variable::DateDeclaration => "Date de déclaration",
            Variable::DateEnregistrement => "Date d'enregistrement",
            Variable::DateInstallation => "Date de mise en service",
            Variable::Alinea => "Alinéa",
            Variable::Rubrique => "Rubrique",
            Variable::QuantiteRubrique => "Quantité associée à la rubrique",
        }
    }

    /// The parameter id conditions store (`date-d-installation`), also the form's option value.
    pub fn id(self) -> &'static str {
        match self {
            Variable::Regime => "regime",
            Variable::DateAutorisation => "date-d-autorisation",
            Variable::DateDeclaration => "date-d-declaration",
            Variable::DateEnregistrement => "date-d-enregistrement",
            Variable::DateInstallation => "date-d-installation",
            Variable::Alinea => "alinea",
            Variable::Rubrique => "rubrique",
            Variable::QuantiteRubrique => "quantite-rubrique",
        }
    }

    /// The parameter type conditions store (`DATE`, `REGIME`, `STRING`, `RUBRIQUE`, `REAL_NUMBER`).
    pub fn kind(self) -> &'static str {
        match self {
            Variable::Regime => "REGIME",
            Variable::Alinea => "STRING",
            Variable::Rubrique => "RUBRIQUE",
            Variable::QuantiteRubrique => "REAL_NUMBER",
            _ => "DATE",
        }
    }

    /// The parameter conditions store: `{id, type}`.
    pub fn parameter(self) -> Parameter {
        Parameter {
            id: self.id().to_owned(),
            kind: self.kind().to_owned(),
        }
    }

    /// The variable of a posted value: its parameter id or its label.
    pub fn parse(text: &str) -> Option<Variable> {
        let text = text.trim();
        Variable::ALL
            .into_iter()
            .find(|variable| variable.id() == text || variable.label() == text)
    }

    /// The variable of a stored parameter, when the form offers it (same id and type).
    pub fn of_parameter(parameter: &Parameter) -> Option<Variable> {
        Variable::ALL
            .into_iter()
            .find(|v| v.id() == parameter.id && v.kind() == parameter.kind)
    }

    /// Whether rows on this variable can bound an interval: the dates and the quantity.
    pub fn is_ordered(self) -> bool {
        matches!(self.kind(), "DATE" | "REAL_NUMBER")
    }

    /// What a value of this variable looks like, to end a sentence ("attendu …").
    pub fn expected(self) -> &'static str {
        match self {
            Variable::Regime => "un régime : A, E, D ou NC",
            Variable::Alinea => {
                "un alinéa écrit comme dans les classements des installations (par exemple 2-b)"
            }
            Variable::Rubrique => {
                "une rubrique de 4 chiffres commençant par 1, 2, 3 ou 4 (par exemple 2510)"
            }
            Variable::QuantiteRubrique => "un nombre (par exemple 50000 ou 12,5)",
            _ => "une date au format JJ/MM/AAAA (par exemple 31/12/2020)",
        }
    }

    /// The typed value of what row `number` holds, or what was expected.
    pub(super) fn read(
        self,
        number: usize,
        text: &str,
    ) -> Result<ParamValue<'_>, ConditionFormError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ConditionFormError::EmptyValue {
                row: number,
                variable: self,
            });
        }
        let value = match self {
            Variable::Regime => regime(text).map(ParamValue::Text),
            Variable::Alinea => Some(ParamValue::Text(text)),
            Variable::Rubrique => is_rubrique(text).then_some(ParamValue::Text(text)),
            Variable::QuantiteRubrique => number_of(text).map(ParamValue::Number),
            _ => french_date(text).map(ParamValue::Date),
        };
        value.ok_or_else(|| ConditionFormError::InvalidValue {
            row: number,
            variable: self,
            text: text.to_owned(),
        })
    }

    /// A stored target as editors type it: dates `JJ/MM/AAAA`, numbers as the original shows
    /// them (`50000.0`), texts as they are.
    pub fn value_text(self, target: &Value) -> String {
        let read = match (self.kind(), target) {
            ("DATE", Value::String(text)) => Date::parse(text).map(|date| date.french()),
            ("REAL_NUMBER", Value::Number(number)) => number.as_f64().map(float_to_s),
            _ => None,
        };
        read.unwrap_or_else(|| match target {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        })
    }
}

/// A régime as stored (`A`), typed in either case; `unknown` is no target.
fn regime(text: &str) -> Option<&'static str> {
    Regime::parse(&text.to_uppercase())
        .filter(|regime| *regime != Regime::Unknown)
        .map(Regime::as_str)
}

/// Four digits, the first from 1 to 4, as the original's conditions require.
fn is_rubrique(text: &str) -> bool {
    text.len() == 4
        && text.bytes().all(|b| b.is_ascii_digit())
        && text.starts_with(['1', '2', '3', '4'])
}

/// A finite number, with a point or a French comma.
fn number_of(text: &str) -> Option<f64> {
    text.replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|number| number.is_finite())
}

/// A date `JJ/MM/AAAA`; a two-digit year (`01/01/20`) is refused rather than read as year 20.
fn french_date(text: &str) -> Option<Date> {
    let year = text.rsplit('/').next()?;
    (text.split('/').count() == 3 && year.len() == 4)
        .then(|| Date::parse(text))
        .flatten()
}
