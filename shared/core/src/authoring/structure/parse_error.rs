//! The sentences an editor reads when an edited text cannot be saved.

use super::parse::{MAX_BYTES, MAX_LEVEL, MAX_LINES};

/// Why an edited text cannot be saved, as the sentence the editor is shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The text is over [`MAX_BYTES`].
    #[error(
        "Le texte est trop long : il dépasse {} octets.",
        french_number(MAX_BYTES)
    )]
    TooLong,
    /// The text is over [`MAX_LINES`] lines.
    #[error("Le texte compte {} lignes : il ne peut pas en compter plus de {}.", french_number(*.lines), french_number(MAX_LINES))]
    TooManyLines {
        /// How many lines it has.
        lines: usize,
    },
    /// The text has no title.
    #[error(
        "Le texte est vide : il doit comporter au moins un titre, sur une ligne commençant par « # »."
    )]
    Empty,
    /// Text comes before the first title (only the first such line is reported).
    #[error(
        "Ligne {line} : ce texte précède le premier titre ; le texte doit commencer par un titre, sur une ligne commençant par « # »."
    )]
    TextBeforeFirstTitle {
        /// The line, from 1.
        line: usize,
    },
    /// The first title is not of level 1.
    #[error(
        "Ligne {line} : le premier titre doit être de niveau 1 (un seul « # ») ; celui-ci est de niveau {level}."
    )]
    FirstTitleNotTopLevel {
        /// The line, from 1.
        line: usize,
        /// Its level.
        level: usize,
    },
    /// A title is more than one level below the title before it.
    #[error(
        "Ligne {line} : ce titre de niveau {level} suit un titre de niveau {previous} ; un titre ne peut descendre que d’un niveau à la fois."
    )]
    LevelJump {
        /// The line, from 1.
        line: usize,
        /// Its level.
        level: usize,
        /// The previous title's level.
        previous: usize,
    },
    /// A title is deeper than [`MAX_LEVEL`].
    #[error(
        "Ligne {line} : ce titre est de niveau {level} ; un titre ne peut pas dépasser le niveau {MAX_LEVEL}."
    )]
    TooDeep {
        /// The line, from 1.
        line: usize,
        /// Its level.
        level: usize,
    },
    /// A line starting with `<table` holds no table, or several.
    #[error("Ligne {line} : une ligne commençant par « <table » doit contenir exactement un tableau ; celle-ci {}.", tables_found(*.count))]
    NotOneTable {
        /// The line, from 1.
        line: usize,
        /// How many tables it holds.
        count: usize,
    },
    /// A table line goes on after its table, or its table is not closed.
    #[error("Ligne {line} : une ligne de tableau doit se terminer par « </table> ».")]
    TableNotEnded {
        /// The line, from 1.
        line: usize,
    },
}

/// How many tables a line holds, as the end of a sentence ("n’en contient aucun", not "0").
fn tables_found(count: usize) -> String {
    match count {
        0 => "n’en contient aucun".to_string(),
        n => format!("en contient {n}"),
    }
}

/// Digits grouped by three with spaces, as French writes numbers (`50 000`).
fn french_number(n: usize) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (position, digit) in digits.chars().enumerate() {
        if position > 0 && (digits.len() - position).is_multiple_of(3) {
            grouped.push(' ');
        }
        grouped.push(digit);
    }
    grouped
}
