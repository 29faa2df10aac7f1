//! The sentences editors read when the condition form cannot give a condition, or a stored
//! condition cannot be shown in the form.

use super::{Bound, Operator, Variable};

/// Why the rows give no condition, as the sentence shown under the form; rows are numbered
/// from 1, as editors count them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConditionFormError {
    /// The form has no row.
    #[error("Au moins une condition est nécessaire : ajoutez une ligne au formulaire.")]
    NoCondition,
    /// A posted variable is none of the eight.
    #[error(
        "Condition n°{row} : la variable « {text} » est inconnue ; attendu l’une de : {}.",
        variable_labels()
    )]
    UnknownVariable {
        /// The row, from 1.
        row: usize,
        /// The variable as posted.
        text: String,
    },
    /// A posted operator is none of `<`, `<=`, `=`, `>`, `>=`.
    #[error("Condition n°{row} : l’opérateur « {text} » est inconnu ; attendu <, <=, =, > ou >=.")]
    UnknownOperator {
        /// The row, from 1.
        row: usize,
        /// The operator as posted.
        text: String,
    },
    /// The posted merge is neither ET nor OU.
    #[error("L’opération « {text} » est inconnue ; attendu ET ou OU.")]
    UnknownMerge {
        /// The merge as posted.
        text: String,
    },
    /// A row has no value.
    #[error(
        "Condition n°{row} : aucune valeur pour « {} » ; attendu {}.",
        .variable.label(),
        .variable.expected()
    )]
    EmptyValue {
        /// The row, from 1.
        row: usize,
        /// Its variable.
        variable: Variable,
    },
    /// A row's value is not of its variable's form.
    #[error(
        "Condition n°{row} : la valeur « {text} » ne convient pas pour « {} » ; attendu {}.",
        .variable.label(),
        .variable.expected()
    )]
    InvalidValue {
        /// The row, from 1.
        row: usize,
        /// Its variable.
        variable: Variable,
        /// The value, trimmed.
        text: String,
    },
    /// Two rows joined by ET on a régime, a rubrique or an alinéa.
    #[error(
        "Conditions n°{first} et n°{second} : deux conditions sur « {} » reliées par ET sont soit redondantes, soit incompatibles ; gardez-en une seule, ou reliez-les par OU.",
        .variable.label()
    )]
    SameVariable {
        /// The first row, from 1.
        first: usize,
        /// The second row, from 1.
        second: usize,
        /// Their variable.
        variable: Variable,
    },
    /// An `=` joined by ET with another row on the same date or quantity.
    #[error(
        "Conditions n°{first} et n°{second} : une condition « = » sur « {} » ne peut pas être reliée par ET à une autre condition sur « {} » ; elles sont soit redondantes, soit incompatibles.",
        .variable.label(),
        .variable.label()
    )]
    EqualityCombined {
        /// The first row, from 1.
        first: usize,
        /// The second row, from 1.
        second: usize,
        /// Their variable.
        variable: Variable,
    },
    /// Two upper bounds (or two lower bounds) on the same date or quantity.
    #[error(
        "Conditions n°{first} et n°{second} : deux conditions {} sur « {} » reliées par ET sont redondantes ; gardez-en une seule.",
        bound_operators(*.bound),
        .variable.label()
    )]
    SameBound {
        /// The first row, from 1.
        first: usize,
        /// The second row, from 1.
        second: usize,
        /// Their variable.
        variable: Variable,
        /// The side both bound.
        bound: Bound,
    },
    /// A lower bound at or above the upper bound: no value meets both.
    #[error(
        "Conditions n°{first} et n°{second} : elles sont incompatibles, aucune valeur de « {} » ne remplit les deux ; la valeur de la condition « {} » doit être strictement inférieure à celle de la condition « {} ».",
        .variable.label(),
        .lower.symbol(),
        .upper.symbol()
    )]
    EmptyInterval {
        /// The first row, from 1.
        first: usize,
        /// The second row, from 1.
        second: usize,
        /// Their variable.
        variable: Variable,
        /// The operator of the lower bound (`>=` or `>`).
        lower: Operator,
        /// The operator of the upper bound (`<` or `<=`).
        upper: Operator,
    },
}

/// The eight labels, as the form lists them.
fn variable_labels() -> String {
    Variable::ALL.map(Variable::label).join(", ")
}

/// The operators that bound one side, as a sentence names them.
fn bound_operators(bound: Bound) -> &'static str {
    match bound {
        Bound::Upper => "« < » (ou « <= »)",
        Bound::Lower => "« >= » (ou « > »)",
    }
}

/// Why a stored condition cannot be shown in the form; editors can still delete it and write
/// it anew.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowsError {
    /// An ET or OU without any condition.
    #[error("{CANNOT_EDIT} elle est vide (un ET ou un OU sans aucune condition).")]
    Empty,
    /// A parameter the form does not offer.
    #[error(
        "{CANNOT_EDIT} elle porte sur le paramètre « {id} » (de type {kind}), que le formulaire ne propose pas."
    )]
    UnknownParameter {
        /// The parameter's id.
        id: String,
        /// The parameter's type.
        kind: String,
    },
    /// A RANGE inside an OU: the form writes an interval as two rows joined by ET.
    #[error(
        "{CANNOT_EDIT} elle relie par OU l’intervalle « {range} », que le formulaire ne sait écrire qu’avec ET."
    )]
    RangeInOr {
        /// The interval's short form.
        range: String,
    },
    /// An ET or OU inside another: the form has one level only.
    #[error(
        "{CANNOT_EDIT} elle imbrique des ET et des OU (« {condition} ») plus profondément que le formulaire, qui n’en montre qu’un niveau."
    )]
    TooDeep {
        /// The whole condition's short form.
        condition: String,
    },
}

/// How every [`RowsError`] starts.
const CANNOT_EDIT: &str = "Cette condition ne peut pas être modifiée dans le formulaire :";
