//! Conditions on an installation's parameters (EQUAL, LITTLER, GREATER, RANGE, AND, OR): their
//! JSON, their evaluation and their French wording, as the web app has them.

use crate::date::Date;
use crate::parameters::{ParamValue, Parameters};
use crate::ruby_number::{float_to_s, lenient_float};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A parameter a condition reads: `{id: "date-d-autorisation", type: "DATE"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Parameter {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
}

/// How a leaf compares its parameter with a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `<`: strictly below.
    Less,
    /// `<=`: below or equal.
    LessOrEqual,
    /// `=`: equal.
    Equal,
    /// `>`: strictly above.
    Greater,
    /// `>=`: above or equal.
    GreaterOrEqual,
}

impl Operator {
    /// Every operator, as the back-office's condition form reads them.
    pub const ALL: [Operator; 5] = [
        Operator::Less,
        Operator::LessOrEqual,
        Operator::Equal,
        Operator::Greater,
        Operator::GreaterOrEqual,
    ];

    /// The symbol shown and posted (`<`, `<=`, `=`, `>`, `>=`).
    pub fn symbol(self) -> &'static str {
        match self {
            Operator::Less => "<",
            Operator::LessOrEqual => "<=",
            Operator::Equal => "=",
            Operator::Greater => ">",
            Operator::GreaterOrEqual => ">=",
        }
    }

    /// The operator of a symbol.
    pub fn parse(symbol: &str) -> Option<Operator> {
        Operator::ALL
            .into_iter()
            .find(|operator| operator.symbol() == symbol.trim())
    }

    /// Whether the bound excludes its value (`<`, `>`).
    pub fn is_strict(self) -> bool {
        matches!(self, Operator::Less | Operator::Greater)
    }
}

/// A condition tree. Targets stay as stored (a threshold written `50000.0` is shown as such).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "UPPERCASE")]
pub enum Condition {
    Equal {
        parameter: Parameter,
        target: Value,
    },
    Littler {
        parameter: Parameter,
        target: Value,
        /// Absent means strict.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        strict: Option<bool>,
    },
    Greater {
        parameter: Parameter,
        target: Value,
        /// Absent means not strict.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        strict: Option<bool>,
    },
    Range {
        parameter: Parameter,
        left: Value,
        right: Value,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        left_strict: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        right_strict: Option<bool>,
    },
    And {
        conditions: Vec<Condition>,
    },
    Or {
        conditions: Vec<Condition>,
    },
}

impl Condition {
    /// True when the parameters meet the condition; a leaf whose parameter is unknown is false.
    pub fn satisfied(&self, parameters: &Parameters) -> bool {
        match self {
            Condition::And { conditions } => conditions.iter().all(|c| c.satisfied(parameters)),
            Condition::Or { conditions } => conditions.iter().any(|c| c.satisfied(parameters)),
            leaf => leaf.leaf_satisfied(parameters).unwrap_or(false),
        }
    }

    /// True when the condition could hold: leaves whose parameter is unknown count as true.
    pub fn potentially_satisfied(&self, parameters: &Parameters) -> bool {
        match self {
            Condition::And { conditions } => conditions
                .iter()
                .all(|c| c.potentially_satisfied(parameters)),
            Condition::Or { conditions } => conditions
                .iter()
                .any(|c| c.potentially_satisfied(parameters)),
            leaf => leaf.leaf_satisfied(parameters).unwrap_or(true),
        }
    }

    /// `None` when the leaf's parameter is unknown.
    fn leaf_satisfied(&self, parameters: &Parameters) -> Option<bool> {
        use std::cmp::Ordering::{Equal, Greater, Less};
        let value = parameters.get(&self.parameter()?.id)?;
        let compare = |target: &Value| self.parse_target(target).and_then(|t| value.compare(&t));
        let at_least = |order: Option<_>, strict: bool| {
            matches!(order, Some(Greater)) || (!strict && order == Some(Equal))
        };
        let at_most = |order: Option<_>, strict: bool| {
            matches!(order, Some(Less)) || (!strict && order == Some(Equal))
        };
        Some(match self {
            Condition::Equal { target, .. } => compare(target) == Some(Equal),
            Condition::Littler { target, strict, .. } => {
                at_most(compare(target), strict.unwrap_or(true))
            }
            Condition::Greater { target, strict, .. } => {
                at_least(compare(target), strict.unwrap_or(false))
            }
            Condition::Range {
                left,
                right,
                left_strict,
                right_strict,
                ..
            } => {
                at_least(compare(left), left_strict.unwrap_or(false))
                    && at_most(compare(right), right_strict.unwrap_or(true))
            }
            Condition::And { .. } | Condition::Or { .. } => return None,
        })
    }

    /// The leaf's parameter (`None` for AND/OR).
    pub fn parameter(&self) -> Option<&Parameter> {
        match self {
            Condition::Equal { parameter, .. }
            | Condition::Littler { parameter, .. }
            | Condition::Greater { parameter, .. }
            | Condition::Range { parameter, .. } => Some(parameter),
            Condition::And { .. } | Condition::Or { .. } => None,
        }
    }

    /// Every leaf parameter, in order, repeated as often as it is used.
    pub fn parameters(&self) -> Vec<&Parameter> {
        match self {
            Condition::And { conditions } | Condition::Or { conditions } => {
                conditions.iter().flat_map(Condition::parameters).collect()
            }
            leaf => leaf.parameter().into_iter().collect(),
        }
    }

    /// A target read as the parameter's type: dates for DATE, numbers for REAL_NUMBER, raw text otherwise.
    pub(crate) fn parse_target<'t>(&self, target: &'t Value) -> Option<ParamValue<'t>> {
        let text = target.as_str();
        match self.parameter()?.kind.as_str() {
            "DATE" => text.and_then(Date::parse).map(ParamValue::Date),
            "REAL_NUMBER" => target
                .as_f64()
                .or_else(|| text.map(lenient_float))
                .map(ParamValue::Number),
            _ => text.map(ParamValue::Text),
        }
    }

    /// The short form editors read in the back-office, as the original wrote it:
    /// `date-d-installation < 2020-01-01`, `2010-01-01 <= p < 2020-01-01`, `regime == A`,
    /// `(a) and (b)`, `(a) or (b)`; strictness shown as `<`/`<=` (`>`/`>=`), defaults applied.
    pub fn to_str(&self) -> String {
        match (self, self.comparisons()) {
            (Condition::And { conditions }, _) => aggregate_str(conditions, ") and ("),
            (Condition::Or { conditions }, _) => aggregate_str(conditions, ") or ("),
            (_, Some((parameter, comparisons))) => leaf_str(parameter, &comparisons),
            // Every leaf has comparisons.
            (_, None) => String::new(),
        }
    }

    /// A leaf's comparisons with strictness defaults applied: one for EQUAL, LITTLER and
    /// GREATER; for a RANGE its upper bound, then its lower bound. `None` for AND/OR.
    pub fn comparisons(&self) -> Option<(&Parameter, Vec<(Operator, &Value)>)> {
        let upper = |strict: &Option<bool>| match strict.unwrap_or(true) {
            true => Operator::Less,
            false => Operator::LessOrEqual,
        };
        let lower = |strict: &Option<bool>| match strict.unwrap_or(false) {
            true => Operator::Greater,
            false => Operator::GreaterOrEqual,
        };
        Some(match self {
            Condition::Equal { parameter, target } => (parameter, vec![(Operator::Equal, target)]),
            Condition::Littler {
                parameter,
                target,
                strict,
            } => (parameter, vec![(upper(strict), target)]),
            Condition::Greater {
                parameter,
                target,
                strict,
            } => (parameter, vec![(lower(strict), target)]),
            Condition::Range {
                parameter,
                left,
                right,
                left_strict,
                right_strict,
            } => (
                parameter,
                vec![(upper(right_strict), right), (lower(left_strict), left)],
            ),
            Condition::And { .. } | Condition::Or { .. } => return None,
        })
    }

    /// The French wording used in warnings ("la date d'autorisation est antérieure au 01/01/2021").
    pub fn human(&self) -> String {
        match self {
            Condition::And { conditions } => human_aggregate(conditions, " et "),
            Condition::Or { conditions } => human_aggregate(conditions, " ou "),
            Condition::Equal { parameter, target } => {
                format!(
                    "{} est {}",
                    parameter_label(parameter),
                    human_value(&parameter.id, target)
                )
            }
            Condition::Littler {
                parameter, target, ..
            } => match parameter.kind.as_str() {
                "DATE" => format!(
                    "{} est antérieure au {}",
                    parameter_label(parameter),
                    human_date(target)
                ),
                _ => format!(
                    "{} est inférieure à {}",
                    parameter_label(parameter),
                    ruby_to_s(target)
                ),
            },
            Condition::Greater {
                parameter, target, ..
            } => match parameter.kind.as_str() {
                "DATE" => format!(
                    "{} est postérieure au {}",
                    parameter_label(parameter),
                    human_date(target)
                ),
                _ => format!(
                    "{} est supérieure à {}",
                    parameter_label(parameter),
                    ruby_to_s(target)
                ),
            },
            Condition::Range {
                parameter,
                left,
                right,
                ..
            } => match parameter.kind.as_str() {
                "DATE" => format!(
                    "{} est comprise entre le {} et le {}",
                    parameter_label(parameter),
                    human_date(left),
                    human_date(right)
                ),
                _ => format!(
                    "{} est supérieure à {} et inférieure à {}",
                    parameter_label(parameter),
                    ruby_to_s(left),
                    ruby_to_s(right)
                ),
            },
        }
    }
}

fn human_aggregate(conditions: &[Condition], separator: &str) -> String {
    let first_parameter = conditions.first().and_then(Condition::parameter);
    let same_parameter_equalities = conditions.iter().all(|c| {
        matches!(c, Condition::Equal { parameter, .. } if Some(&parameter.id) == first_parameter.map(|p| &p.id))
    });
    match first_parameter {
        Some(parameter) if same_parameter_equalities => {
            let mut targets: Vec<String> = conditions
                .iter()
                .filter_map(|c| match c {
                    Condition::Equal { target, .. } => Some(human_value(&parameter.id, target)),
                    _ => None,
                })
                .collect();
            targets.sort();
            format!(
                "{} est {}",
                parameter_label(parameter),
                join_french(&targets, separator)
            )
        }
        _ => {
            let mut texts: Vec<String> = conditions.iter().map(Condition::human).collect();
            texts.sort();
            join_french(&texts, separator)
        }
    }
}

/// `p < t`, `p == t`, or for a RANGE (upper bound, then lower bound) `l <= p < r`.
fn leaf_str(parameter: &Parameter, comparisons: &[(Operator, &Value)]) -> String {
    let mut text = String::new();
    for (operator, target) in comparisons.iter().skip(1) {
        // A lower bound is written before the parameter, its comparison turned around.
        let turned = if *operator == Operator::Greater {
            "<"
        } else {
            "<="
        };
        text.push_str(&format!("{} {turned} ", ruby_to_s(target)));
    }
    text.push_str(&parameter.id);
    if let Some((operator, target)) = comparisons.first() {
        let symbol = match operator {
            Operator::Equal => "==",
            other => other.symbol(),
        };
        text.push_str(&format!(" {symbol} {}", ruby_to_s(target)));
    }
    text
}

/// `(a) and (b)`: each child's short form in parentheses, in stored order.
fn aggregate_str(conditions: &[Condition], separator: &str) -> String {
    let texts: Vec<String> = conditions.iter().map(Condition::to_str).collect();
    format!("({})", texts.join(separator))
}

/// "a, b et c" (or "ou"): commas, then the separator before the last item.
pub fn join_french<S: AsRef<str>>(items: &[S], separator: &str) -> String {
    match items {
        [] => String::new(),
        [only] => only.as_ref().to_string(),
        [head @ .., last] => {
            let head: Vec<&str> = head.iter().map(AsRef::as_ref).collect();
            format!("{}{separator}{}", head.join(", "), last.as_ref())
        }
    }
}

fn parameter_label(parameter: &Parameter) -> String {
    let id = parameter.id.as_str();
    let label = match (parameter.kind.as_str(), id) {
        ("DATE", "date-d-autorisation") => "la date d'autorisation",
        ("DATE", "date-d-enregistrement") => "la date d'enregistrement",
        ("DATE", "date-d-declaration") => "la date de déclaration",
        ("DATE", "date-d-installation") => "la date de mise en service",
        (_, "regime") => "le régime de classement",
        (_, "rubrique") => "la rubrique",
        (_, "quantite-rubrique") => "la quantité associée à la rubrique",
        (_, "alinea") => "l'alinéa de classement",
        _ => return format!("le paramètre {id}"),
    };
    label.to_string()
}

fn human_value(parameter_id: &str, target: &Value) -> String {
    match (parameter_id, target.as_str()) {
        ("regime", Some("A")) => "l'autorisation".into(),
        ("regime", Some("D")) => "la déclaration".into(),
        ("regime", Some("E")) => "l'enregistrement".into(),
        _ => ruby_to_s(target),
    }
}

fn human_date(target: &Value) -> String {
    match target.as_str().and_then(Date::parse) {
        Some(date) => date.french(),
        None => ruby_to_s(target),
    }
}

/// A JSON value printed as Ruby's `to_s` prints it (floats keep their `.0`).
fn ruby_to_s(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Number(number) if number.is_f64() => {
            number.as_f64().map(float_to_s).unwrap_or_default()
        }
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn condition(value: serde_json::Value) -> Condition {
        serde_json::from_value(value).unwrap()
    }

    fn equal(id: &str, kind: &str, target: &str) -> serde_json::Value {
        json!({"type": "EQUAL", "parameter": {"id": id, "type": kind}, "target": target})
    }

    fn regime(code: &str) -> Parameters {
        Parameters {
            regime: Some(code.into()),
            ..Parameters::default()
        }
    }

    #[test]
    fn or_of_equalities_on_one_parameter_reads_as_one_sentence_with_sorted_targets() {
        let c = condition(
            json!({"type": "OR", "conditions": [equal("regime", "REGIME", "E"), equal("regime", "REGIME", "A")]}),
        );
        assert_eq!(
            c.human(),
            "le régime de classement est l'autorisation ou l'enregistrement"
        );
        assert!(c.satisfied(&regime("A")));
        assert!(!c.satisfied(&regime("D")));
    }

    #[test]
    fn and_of_equalities_on_one_parameter_joins_with_et() {
        let c = condition(
            json!({"type": "AND", "conditions": [equal("alinea", "STRING", "3"), equal("alinea", "STRING", "1-a"), equal("alinea", "STRING", "1-b")]}),
        );
        assert_eq!(c.human(), "l'alinéa de classement est 1-a, 1-b et 3");
    }

    #[test]
    fn mixed_children_are_sorted_and_joined() {
        let c = condition(json!({"type": "AND", "conditions": [
            equal("rubrique", "RUBRIQUE", "2101"),
            {"type": "LITTLER", "parameter": {"id": "quantite-rubrique", "type": "REAL_NUMBER"}, "target": 200.0, "strict": true}
        ]}));
        assert_eq!(
            c.human(),
            "la quantité associée à la rubrique est inférieure à 200.0 et la rubrique est 2101"
        );
    }

    #[test]
    fn a_leaf_with_a_missing_value_is_unsatisfied_but_potentially_satisfied() {
        let date_littler = json!({"type": "LITTLER", "parameter": {"id": "date-d-declaration", "type": "DATE"}, "target": "2010-01-01", "strict": true});
        let regime_e = equal("regime", "REGIME", "E");
        let range = json!({"type": "RANGE", "parameter": {"id": "date-d-installation", "type": "DATE"}, "left": "2010-04-16", "right": "2017-07-01", "left_strict": false, "right_strict": true});
        let children = vec![date_littler.clone(), regime_e.clone(), range.clone()];
        let cases = [
            date_littler,
            regime_e,
            range,
            json!({"type": "AND", "conditions": children}),
            json!({"type": "OR", "conditions": children}),
        ];
        let params = regime("D");
        let potentially: Vec<bool> = cases
            .iter()
            .map(|c| condition(c.clone()).potentially_satisfied(&params))
            .collect();
        assert_eq!(potentially, [true, false, true, false, true]);
        assert!(
            cases
                .iter()
                .all(|c| !condition(c.clone()).satisfied(&params))
        );
    }

    #[test]
    fn range_bounds_follow_their_strict_flags() {
        let range = |left_strict: bool, right_strict: bool| {
            condition(
                json!({"type": "RANGE", "parameter": {"id": "quantite-rubrique", "type": "REAL_NUMBER"},
                "left": 10.0, "right": 20.0, "left_strict": left_strict, "right_strict": right_strict}),
            )
        };
        let at = |q: f64| Parameters {
            quantite_rubrique: Some(q),
            ..Parameters::default()
        };
        assert!(range(false, true).satisfied(&at(10.0)));
        assert!(!range(true, true).satisfied(&at(10.0)));
        assert!(!range(false, true).satisfied(&at(20.0)));
        assert!(range(false, false).satisfied(&at(20.0)));
        assert_eq!(
            range(false, true).human(),
            "la quantité associée à la rubrique est supérieure à 10.0 et inférieure à 20.0"
        );
    }

    #[test]
    fn strictness_defaults_when_absent() {
        let on = |kind: &str| {
            condition(
                json!({"type": kind, "parameter": {"id": "date-d-installation", "type": "DATE"}, "target": "2000-01-01"}),
            )
        };
        let day = Parameters {
            date_installation: Date::parse("2000-01-01"),
            ..Parameters::default()
        };
        assert!(
            !on("LITTLER").satisfied(&day),
            "LITTLER is strict by default"
        );
        assert!(
            on("GREATER").satisfied(&day),
            "GREATER is not strict by default"
        );
        assert_eq!(
            on("GREATER").human(),
            "la date de mise en service est postérieure au 01/01/2000"
        );
        assert_eq!(on("LITTLER").to_str(), "date-d-installation < 2000-01-01");
        assert_eq!(on("GREATER").to_str(), "date-d-installation >= 2000-01-01");
    }

    #[test]
    fn the_short_form_writes_ids_operators_and_stored_targets() {
        let littler = condition(
            json!({"type": "LITTLER", "parameter": {"id": "date-d-installation", "type": "DATE"}, "target": "2020-01-01", "strict": true}),
        );
        assert_eq!(littler.to_str(), "date-d-installation < 2020-01-01");
        let range = condition(
            json!({"type": "RANGE", "parameter": {"id": "p", "type": "DATE"}, "left": "2010-01-01", "right": "2020-01-01", "left_strict": false, "right_strict": true}),
        );
        assert_eq!(range.to_str(), "2010-01-01 <= p < 2020-01-01");
        let open_range = condition(
            json!({"type": "RANGE", "parameter": {"id": "quantite-rubrique", "type": "REAL_NUMBER"}, "left": 10.0, "right": 20.0, "left_strict": true, "right_strict": false}),
        );
        assert_eq!(open_range.to_str(), "10.0 < quantite-rubrique <= 20.0");
        let greater = condition(
            json!({"type": "GREATER", "parameter": {"id": "quantite-rubrique", "type": "REAL_NUMBER"}, "target": 50000.0, "strict": true}),
        );
        assert_eq!(greater.to_str(), "quantite-rubrique > 50000.0");
        let and = condition(json!({"type": "AND", "conditions": [
            equal("regime", "REGIME", "A"),
            {"type": "OR", "conditions": [equal("rubrique", "RUBRIQUE", "2101"), equal("alinea", "STRING", "2-b")]}]}));
        assert_eq!(
            and.to_str(),
            "(regime == A) and ((rubrique == 2101) or (alinea == 2-b))"
        );
    }

    #[test]
    fn a_value_under_a_parameter_of_another_type_never_matches() {
        let c = condition(
            json!({"type": "EQUAL", "parameter": {"id": "date-d-installation", "type": "STRING"}, "target": "2000-01-01"}),
        );
        let day = Parameters {
            date_installation: Date::parse("2000-01-01"),
            ..Parameters::default()
        };
        assert!(!c.satisfied(&day));
    }
}
