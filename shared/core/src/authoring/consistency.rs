//! The check a parametrization passes before it is saved (spec A.5, "Parameter editors"): the
//! conditions that make one section inapplicable or replace it must never hold together, or
//! the engine would not know which to apply. Like the original, only sections whose conditions
//! all read one parameter are checked; with two parameters or more the check is left out.

use super::parametrization::Parametrization;
use crate::condition::{Condition, Parameter};
use crate::parameters::ParamValue;
use std::collections::HashMap;

/// Why a parametrization cannot be saved: two conditions on one section clash.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "Erreur: la section visée est déjà visée par au moins une autre condition. Celle-ci est \
     incompatible avec celle(s) déjà définie(s) :\nSection {section_id} : {clash}"
)]
pub struct ConsistencyError {
    /// The section both conditions target.
    pub section_id: String,
    /// What clashes (boxed: it names two conditions, and errors are passed around by value).
    pub clash: Box<Clash>,
}

/// What clashes on a section, naming the conditions at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Clash {
    /// The section's conditions read no parameter at all (an empty ET or OU).
    #[error("{condition} ne porte sur aucun paramètre (un ET ou un OU vide).")]
    NoParameter {
        /// The empty condition.
        condition: ElementCondition,
    },
    /// Two intervals on a date or the quantity share more than a bound.
    #[error("{first} et {second} peuvent être remplies en même temps.")]
    Overlap {
        /// The interval that starts first.
        first: ElementCondition,
        /// The interval that starts inside it.
        second: ElementCondition,
    },
    /// A condition on a régime, a rubrique or an alinéa that is not an equality.
    #[error(
        "{condition} n’est pas une égalité ; sur ce paramètre, seules des conditions « = » de valeurs distinctes sont admises."
    )]
    NotEqual {
        /// The condition that is not an equality.
        condition: ElementCondition,
    },
    /// Two equalities with the same value.
    #[error("{first} et {second} visent la même valeur.")]
    SameValue {
        /// The first equality.
        first: ElementCondition,
        /// The second one.
        second: ElementCondition,
    },
    /// A target that is no value of the parameter's type (a date that does not exist).
    #[error("{condition} a une valeur illisible pour un paramètre de type {kind}.")]
    UnreadableValue {
        /// The condition.
        condition: ElementCondition,
        /// The parameter's type.
        kind: String,
    },
}

/// A (part of a) condition, with the element that holds it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("la condition « {condition} » de {kind} {element_id}")]
pub struct ElementCondition {
    /// The condition's short form ([`Condition::to_str`]).
    pub condition: String,
    /// The element's kind, as a French phrase.
    pub kind: ElementKind,
    /// The element's id.
    pub element_id: String,
}

/// The kind of an element holding a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ElementKind {
    /// An [`InapplicableSection`](super::InapplicableSection).
    #[error("l’inapplicabilité")]
    Inapplicability,
    /// An [`AlternativeSection`](super::AlternativeSection).
    #[error("la section alternative")]
    Alternative,
}

/// One element's condition on the section under check.
struct Element<'p> {
    kind: ElementKind,
    id: &'p str,
    condition: &'p Condition,
}

/// A leaf of a section's conditions, with the element holding it.
struct Leaf<'p> {
    element: &'p Element<'p>,
    condition: &'p Condition,
}

impl Leaf<'_> {
    fn named(&self) -> ElementCondition {
        ElementCondition {
            condition: self.condition.to_str(),
            kind: self.element.kind,
            element_id: self.element.id.to_owned(),
        }
    }
}

impl Parametrization {
    /// Checks that on each section (in order of first appearance) no two conditions of its
    /// inapplicabilities and alternatives can hold together, when they read a single parameter:
    /// on a date or the quantity, their intervals (`<` t: (−∞, t), `>=` t: (t, +∞), `=` t:
    /// (t, t), RANGE: (l, r), strictness aside) may only touch; on anything else, all must be
    /// equalities with distinct values. The first clash found is the error.
    pub fn check_consistency(&self) -> Result<(), ConsistencyError> {
        let mut order: Vec<&str> = Vec::new();
        let mut sections: HashMap<&str, Vec<Element<'_>>> = HashMap::new();
        let inapplicabilities = self.inapplicable_sections.iter().map(|e| {
            let element = (ElementKind::Inapplicability, e.id.as_str(), &e.condition);
            (e.section_id.as_str(), element)
        });
        let alternatives = self.alternative_sections.iter().map(|e| {
            let element = (ElementKind::Alternative, e.id.as_str(), &e.condition);
            (e.section_id.as_str(), element)
        });
        for (section_id, (kind, id, condition)) in inapplicabilities.chain(alternatives) {
            let elements = sections.entry(section_id).or_insert_with(|| {
                order.push(section_id);
                Vec::new()
            });
            elements.push(Element {
                kind,
                id,
                condition,
            });
        }
        for section_id in order {
            check_section(&sections[section_id]).map_err(|clash| ConsistencyError {
                section_id: section_id.to_owned(),
                clash: Box::new(clash),
            })?;
        }
        Ok(())
    }
}

/// The check of one section's elements.
fn check_section(elements: &[Element<'_>]) -> Result<(), Clash> {
    let mut leaves = Vec::new();
    for element in elements {
        let mut stack = vec![element.condition];
        while let Some(condition) = stack.pop() {
            match condition {
                Condition::And { conditions } | Condition::Or { conditions } => {
                    stack.extend(conditions.iter().rev());
                }
                leaf => leaves.push(Leaf {
                    element,
                    condition: leaf,
                }),
            }
        }
    }
    let Some(parameter) = leaves.first().and_then(|leaf| leaf.condition.parameter()) else {
        let element = &elements[0];
        return Err(Clash::NoParameter {
            condition: Leaf {
                element,
                condition: element.condition,
            }
            .named(),
        });
    };
    if leaves
        .iter()
        .any(|leaf| leaf.condition.parameter() != Some(parameter))
    {
        return Ok(());
    }
    match parameter.kind.as_str() {
        "DATE" | "REAL_NUMBER" => check_intervals(&leaves, parameter),
        _ => check_equalities(&leaves),
    }
}

/// No two intervals share more than a bound: sorted by their left then right ends, each must
/// end at or before the start of the next.
fn check_intervals(leaves: &[Leaf<'_>], parameter: &Parameter) -> Result<(), Clash> {
    let mut intervals = Vec::with_capacity(leaves.len());
    for leaf in leaves {
        let end = |target| {
            position(leaf.condition, target).ok_or_else(|| Clash::UnreadableValue {
                condition: leaf.named(),
                kind: parameter.kind.clone(),
            })
        };
        let (left, right) = match leaf.condition {
            Condition::Equal { target, .. } => (end(target)?, end(target)?),
            Condition::Littler { target, .. } => (f64::NEG_INFINITY, end(target)?),
            Condition::Greater { target, .. } => (end(target)?, f64::INFINITY),
            Condition::Range { left, right, .. } => (end(left)?, end(right)?),
            Condition::And { .. } | Condition::Or { .. } => continue,
        };
        intervals.push((left, right, leaf));
    }
    intervals.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    match intervals.windows(2).find(|pair| pair[0].1 > pair[1].0) {
        Some([first, second]) => Err(Clash::Overlap {
            first: first.2.named(),
            second: second.2.named(),
        }),
        _ => Ok(()),
    }
}

/// A target as a point on the line: a number, or a date as a number that orders dates as the
/// calendar does.
fn position(leaf: &Condition, target: &serde_json::Value) -> Option<f64> {
    match leaf.parse_target(target)? {
        ParamValue::Number(number) => Some(number),
        ParamValue::Date(date) => Some(
            f64::from(date.year()) * 512.0 + f64::from(date.month()) * 32.0 + f64::from(date.day()),
        ),
        ParamValue::Text(_) => None,
    }
}

/// Every leaf is an equality, and no two have the same value.
fn check_equalities(leaves: &[Leaf<'_>]) -> Result<(), Clash> {
    let mut seen: HashMap<String, &Leaf<'_>> = HashMap::new();
    for leaf in leaves {
        let Condition::Equal { target, .. } = leaf.condition else {
            return Err(Clash::NotEqual {
                condition: leaf.named(),
            });
        };
        if let Some(first) = seen.insert(target.to_string(), leaf) {
            return Err(Clash::SameValue {
                first: first.named(),
                second: leaf.named(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
