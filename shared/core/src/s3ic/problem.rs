//! What can be wrong with the raw extracts (S3IC's, and the files of the Géorisques dump), said so
//! that the person who exported them can fix it.

use serde::Serialize;
use std::fmt;

/// At most this many problems are kept (a Latin-1 export would otherwise give one per line).
pub const MAX_PROBLEMS: usize = 1000;

/// What kind of problem was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// The file has no header, or a header and no rows.
    EmptyFile,
    /// A cell (or the header) is not valid UTF-8.
    NotUtf8,
    /// A required column is absent from the header.
    MissingColumn,
    /// A column of the header is not one of the expected names.
    UnexpectedColumn,
    /// The header names the same column twice.
    DuplicatedColumn,
    /// The header has more columns than any extract could.
    TooManyColumns,
    /// A row has more or fewer cells than the header.
    WrongCellCount,
    /// The CSV reader could not read the file at all.
    UnreadableCsv,
    /// A date cell is not an existing `YYYY-MM-DD` date.
    InvalidDate,
    /// A cell holds a value outside its list of allowed values.
    InvalidValue,
    /// A rubrique of the 47 family would be published with its confidential details.
    Unblanked47xx,
}

impl ProblemKind {
    fn describe(self) -> &'static str {
        match self {
            ProblemKind::EmptyFile => "empty file",
            ProblemKind::NotUtf8 => "not valid UTF-8",
            ProblemKind::MissingColumn => "missing column",
            ProblemKind::UnexpectedColumn => "unexpected column",
            ProblemKind::DuplicatedColumn => "duplicated column",
            ProblemKind::TooManyColumns => "too many columns",
            ProblemKind::WrongCellCount => "wrong number of cells",
            ProblemKind::UnreadableCsv => "unreadable CSV",
            ProblemKind::InvalidDate => "invalid date",
            ProblemKind::InvalidValue => "invalid value",
            ProblemKind::Unblanked47xx => "47xx rubrique not blanked",
        }
    }
}

/// One problem, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The raw file name (`s3ic-liste-etablissements.csv`, `IC_documents.csv`…).
    pub file: &'static str,
    /// 1-based line where the row starts (the header is line 1); `None` for the whole file.
    pub line: Option<u64>,
    /// The raw column name, when one column is at fault.
    pub column: Option<String>,
    /// The offending value as written (lossily decoded when not UTF-8).
    pub value: Option<String>,
    /// What kind of problem this is.
    pub kind: ProblemKind,
    /// What was expected instead, in words.
    pub expected: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        write!(f, ": {}", self.kind.describe())?;
        if let Some(value) = &self.value {
            write!(f, " {value:?}")?;
        }
        write!(f, " (expected {})", self.expected)
    }
}

/// The extracts were rejected: every problem found (the first [`MAX_PROBLEMS`]) and how many in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{total} problem(s) in the S3IC extracts, the first: {}", first_problem(.problems))]
pub struct S3icError {
    /// The first problems found, sorted by file then line.
    pub problems: Vec<Problem>,
    /// How many problems were found, including those not kept.
    pub total: usize,
}

pub(crate) fn first_problem(problems: &[Problem]) -> String {
    problems.first().map(Problem::to_string).unwrap_or_default()
}

/// Collects problems up to [`MAX_PROBLEMS`], counting the rest.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    kept: Vec<Problem>,
    total: usize,
}

impl Problems {
    pub(crate) fn push(&mut self, problem: Problem) {
        self.total += 1;
        if self.kept.len() < MAX_PROBLEMS {
            self.kept.push(problem);
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// The error reporting every problem collected, by file (in the order of `files`) then line.
    pub(super) fn into_error(self, files: &[&str]) -> S3icError {
        let (problems, total) = self.into_sorted(files);
        S3icError { problems, total }
    }

    /// The problems kept, by file (in the order of `files`) then line, and how many in all.
    pub(crate) fn into_sorted(mut self, files: &[&str]) -> (Vec<Problem>, usize) {
        let rank = |file: &str| files.iter().position(|&f| f == file);
        // Stable: problems of one line stay in the order of the columns checked.
        self.kept
            .sort_by_key(|problem| (rank(problem.file), problem.line));
        (self.kept, self.total)
    }
}

/// A problem about one cell of a row.
pub(crate) fn cell_problem(
    file: &'static str,
    line: u64,
    column: &str,
    value: &str,
    kind: ProblemKind,
    expected: impl Into<String>,
) -> Problem {
    Problem {
        file,
        line: Some(line),
        column: Some(column.to_string()),
        value: Some(value.to_string()),
        kind,
        expected: expected.into(),
    }
}
