//! The condition form of the parametrization editors (spec A.5, "Condition form"): rows of
//! (variable, operator, value) joined by ET or OU, [`build`] into a [`Condition`], and a stored
//! condition split back into rows by [`rows_of`] so that editors can change it.
//!
//! Inside an ET, a `<` and a `>=` on one date or on the quantity become one RANGE, the form the
//! engine and the consistency check expect; every other pair on one parameter is refused as
//! redundant or contradictory, and three or more conditions on one parameter are kept as typed.

mod error;
#[cfg(any(test, feature = "proptest"))]
pub mod strategies;
mod variable;

pub use error::{ConditionFormError, RowsError};
pub use variable::Variable;

use crate::condition::Condition;
use crate::parameters::ParamValue;
use serde_json::Value;
use std::cmp::Ordering;

pub use crate::condition::Operator;

/// The operators the form's dropdown offers; the others come only from stored conditions.
pub const OFFERED_OPERATORS: [Operator; 3] =
    [Operator::Less, Operator::Equal, Operator::GreaterOrEqual];

/// Whether the operator bounds values from above (`<`, `<=`) or from below (`>`, `>=`); `None`
/// for `=`.
fn bound(operator: Operator) -> Option<Bound> {
    match operator {
        Operator::Less | Operator::LessOrEqual => Some(Bound::Upper),
        Operator::Greater | Operator::GreaterOrEqual => Some(Bound::Lower),
        Operator::Equal => None,
    }
}

/// Which side an inequality bounds, as error messages name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// `<` or `<=`.
    Upper,
    /// `>` or `>=`.
    Lower,
}

/// How the rows combine: all must hold (ET) or one is enough (OU).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Merge {
    /// ET: an AND of the rows.
    #[default]
    And,
    /// OU: an OR of the rows.
    Or,
}

impl Merge {
    /// The label editors read: `ET` or `OU`.
    pub fn label(self) -> &'static str {
        match self {
            Merge::And => "ET",
            Merge::Or => "OU",
        }
    }

    /// The value the form posts: `and` or `or`.
    pub fn value(self) -> &'static str {
        match self {
            Merge::And => "and",
            Merge::Or => "or",
        }
    }

    /// The merge of a posted value (`and`, `or`) or label (`ET`, `OU`).
    pub fn parse(text: &str) -> Result<Merge, ConditionFormError> {
        [Merge::And, Merge::Or]
            .into_iter()
            .find(|merge| text.trim() == merge.value() || text.trim() == merge.label())
            .ok_or_else(|| ConditionFormError::UnknownMerge {
                text: text.to_owned(),
            })
    }
}

/// One row of the form: a variable, an operator and the value as typed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Row {
    /// The parameter the row reads.
    pub variable: Variable,
    /// How the parameter compares with the value.
    pub operator: Operator,
    /// The value as typed (a date as `JJ/MM/AAAA`).
    pub value: String,
}

impl Default for Row {
    /// The row a new form starts with: "Date de mise en service" `<`, no value.
    fn default() -> Self {
        Row {
            variable: Variable::DateInstallation,
            operator: Operator::Less,
            value: String::new(),
        }
    }
}

impl Row {
    /// The row `number` (from 1) as posted: the variable's parameter id or label, the operator's
    /// symbol and the value.
    pub fn parse(
        number: usize,
        variable: &str,
        operator: &str,
        value: &str,
    ) -> Result<Row, ConditionFormError> {
        Ok(Row {
            variable: Variable::parse(variable).ok_or_else(|| {
                ConditionFormError::UnknownVariable {
                    row: number,
                    text: variable.to_owned(),
                }
            })?,
            operator: Operator::parse(operator).ok_or_else(|| {
                ConditionFormError::UnknownOperator {
                    row: number,
                    text: operator.to_owned(),
                }
            })?,
            value: value.to_owned(),
        })
    }
}

/// A row read: its number (from 1), its variable and operator, and its typed value.
struct Leaf<'r> {
    number: usize,
    variable: Variable,
    operator: Operator,
    value: ParamValue<'r>,
}

impl Leaf<'_> {
    /// The stored condition of this row alone.
    fn condition(&self) -> Condition {
        let parameter = self.variable.parameter();
        let target = target_json(self.value);
        match self.operator {
            Operator::Equal => Condition::Equal { parameter, target },
            Operator::Less | Operator::LessOrEqual => Condition::Littler {
                parameter,
                target,
                strict: Some(self.operator.is_strict()),
            },
            Operator::Greater | Operator::GreaterOrEqual => Condition::Greater {
                parameter,
                target,
                strict: Some(self.operator.is_strict()),
            },
        }
    }
}

/// A typed value as conditions store it: dates `YYYY-MM-DD`, numbers as JSON numbers.
fn target_json(value: ParamValue<'_>) -> Value {
    match value {
        ParamValue::Date(date) => Value::String(date.to_string()),
        ParamValue::Number(number) => Value::from(number),
        ParamValue::Text(text) => Value::String(text.to_owned()),
    }
}

/// The condition the rows give, joined by `merge` and simplified, or the first mistake found
/// (values row by row, then how rows on one parameter combine).
pub fn build(rows: &[Row], merge: Merge) -> Result<Condition, ConditionFormError> {
    let leaves = rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            Ok(Leaf {
                number: index + 1,
                variable: row.variable,
                operator: row.operator,
                value: row.variable.read(index + 1, &row.value)?,
            })
        })
        .collect::<Result<Vec<_>, ConditionFormError>>()?;
    match (&leaves[..], merge) {
        ([], _) => Err(ConditionFormError::NoCondition),
        ([only], _) => Ok(only.condition()),
        (_, Merge::Or) => Ok(Condition::Or {
            conditions: leaves.iter().map(Leaf::condition).collect(),
        }),
        (_, Merge::And) => simplify_and(&leaves),
    }
}

/// An AND of several rows: the rows grouped by variable (in order of first appearance), each
/// group of two made one condition; left as typed when a variable has three rows or more.
fn simplify_and(leaves: &[Leaf<'_>]) -> Result<Condition, ConditionFormError> {
    let mut groups: Vec<Vec<&Leaf<'_>>> = Vec::new();
    for leaf in leaves {
        match groups.iter_mut().find(|g| g[0].variable == leaf.variable) {
            Some(group) => group.push(leaf),
            None => groups.push(vec![leaf]),
        }
    }
    if groups.iter().any(|group| group.len() >= 3) {
        return Ok(Condition::And {
            conditions: leaves.iter().map(Leaf::condition).collect(),
        });
    }
    let mut conditions = groups
        .iter()
        .map(|group| match group[..] {
            [a, b] => pair(a, b),
            _ => Ok(group[0].condition()),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(match conditions.len() {
        1 => conditions.remove(0),
        _ => Condition::And { conditions },
    })
}

/// Two rows on one variable joined by ET: on a date or the quantity, a lower and an upper bound
/// make an interval; anything else is redundant or contradictory.
fn pair(a: &Leaf<'_>, b: &Leaf<'_>) -> Result<Condition, ConditionFormError> {
    let (first, second, variable) = (a.number, b.number, a.variable);
    if !variable.is_ordered() {
        return Err(ConditionFormError::SameVariable {
            first,
            second,
            variable,
        });
    }
    let (lower, upper) = match (bound(a.operator), bound(b.operator)) {
        (None, _) | (_, None) => {
            return Err(ConditionFormError::EqualityCombined {
                first,
                second,
                variable,
            });
        }
        (Some(x), Some(y)) if x == y => {
            return Err(ConditionFormError::SameBound {
                first,
                second,
                variable,
                bound: x,
            });
        }
        (Some(Bound::Lower), _) => (a, b),
        (Some(Bound::Upper), _) => (b, a),
    };
    if lower.value.compare(&upper.value) != Some(Ordering::Less) {
        return Err(ConditionFormError::EmptyInterval {
            first,
            second,
            variable,
            lower: lower.operator,
            upper: upper.operator,
        });
    }
    Ok(Condition::Range {
        parameter: variable.parameter(),
        left: target_json(lower.value),
        right: target_json(upper.value),
        left_strict: Some(lower.operator.is_strict()),
        right_strict: Some(upper.operator.is_strict()),
    })
}

/// The rows and merge that show a stored condition in the form: a RANGE becomes its upper then
/// its lower bound (keeping their strictness), joined by ET. Refused when the form cannot show
/// the condition: an empty ET/OU, a parameter it does not offer, a RANGE inside an OU, or an
/// ET/OU inside another.
pub fn rows_of(condition: &Condition) -> Result<(Vec<Row>, Merge), RowsError> {
    let (children, merge) = match condition {
        Condition::And { conditions } => (&conditions[..], Merge::And),
        Condition::Or { conditions } => (&conditions[..], Merge::Or),
        leaf => return Ok((leaf_rows(leaf)?, Merge::And)),
    };
    if children.is_empty() {
        return Err(RowsError::Empty);
    }
    let mut rows = Vec::with_capacity(children.len());
    for child in children {
        match (child, merge) {
            (Condition::And { .. } | Condition::Or { .. }, _) => {
                return Err(RowsError::TooDeep {
                    condition: condition.to_str(),
                });
            }
            (Condition::Range { .. }, Merge::Or) => {
                return Err(RowsError::RangeInOr {
                    range: child.to_str(),
                });
            }
            _ => rows.extend(leaf_rows(child)?),
        }
    }
    Ok((rows, merge))
}

/// The rows of one leaf: one row, or two for a RANGE (its upper bound first, as the original
/// showed it).
fn leaf_rows(leaf: &Condition) -> Result<Vec<Row>, RowsError> {
    let Some((parameter, comparisons)) = leaf.comparisons() else {
        return Err(RowsError::TooDeep {
            condition: leaf.to_str(),
        });
    };
    let variable =
        Variable::of_parameter(parameter).ok_or_else(|| RowsError::UnknownParameter {
            id: parameter.id.clone(),
            kind: parameter.kind.clone(),
        })?;
    Ok(comparisons
        .into_iter()
        .map(|(operator, target)| Row {
            variable,
            operator,
            value: variable.value_text(target),
        })
        .collect())
}

#[cfg(test)]
mod tests;
