//! What can be wrong in a prepared CSV file, said so that a person can find and fix it.

use serde::Serialize;
use std::fmt;

/// The rule a value or a file breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The file has no bytes, or no header line.
    EmptyFile,
    /// The file has a header but no data row where rows are required.
    NoRows,
    /// The file (or one of its values) is not UTF-8.
    Encoding,
    /// The first line is not the expected header.
    Header,
    /// The header lacks an expected column.
    MissingColumn,
    /// The header has a column the file kind does not have.
    UnknownColumn,
    /// The header names a column twice.
    DuplicateColumn,
    /// A row has more or fewer fields than the header.
    FieldCount,
    /// The file ends in the middle of a row.
    Truncated,
    /// A value is longer than any real value could be.
    FieldTooLong,
    /// A required value is blank.
    Required,
    /// An S3IC id that is not `dddd.ddddd`.
    S3icId,
    /// The S3IC id reserved for users' fictive installations (`0000.00000`).
    ReservedS3icId,
    /// A régime outside the allowed codes.
    Regime,
    /// A date that is not an existing day written `YYYY-MM-DD`.
    Date,
    /// A volume that does not start with a positive number.
    Volume,
    /// A Géorisques document id that is not `X/h/<32 hex>`.
    GeorisquesId,
    /// An OCR status outside `null`, `ERROR`, `SUCCESS`, `NOT_ATTEMPTED`.
    OcrStatus,
    /// A Seveso status outside `NS`, `SB`, `SH`, `AS`.
    Seveso,
    /// An activity state outside the S3IC values.
    State,
    /// A file size that is not a whole, non-negative number of bytes.
    Size,
    /// A key that appears on two rows.
    DuplicateKey,
    /// A reference to an installation that does not exist.
    UnknownInstallation,
}

/// One problem: where (file, line, column), what (value) and why (rule, message).
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
pub struct Problem {
    /// The file name, as given by the caller.
    pub file: String,
    /// 1-based line where the row starts (the header is line 1); 0 for the whole file.
    pub line: u64,
    /// The column name; empty when the problem is not about one column.
    pub column: String,
    /// The offending value (shortened when long); empty when there is none.
    pub value: String,
    /// The rule broken.
    pub rule: Rule,
    /// What is wrong and what was expected.
    pub message: String,
}

/// The error of the whole-file readers: the first problem found.
pub type CsvError = Problem;

/// Values longer than this are shortened in problems, so that a report stays readable.
const VALUE_PREVIEW_CHARS: usize = 120;

impl Problem {
    /// A problem about the whole file.
    pub fn file(file: &str, rule: Rule, message: impl Into<String>) -> Problem {
        Problem::at(file, 0, "", "", rule, message)
    }

    /// A problem at a line, column and value.
    pub fn at(
        file: &str,
        line: u64,
        column: &str,
        value: &str,
        rule: Rule,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            file: file.into(),
            line,
            column: column.into(),
            value: preview(value),
            rule,
            message: message.into(),
        }
    }
}

/// `value` cut to a readable length, saying how long it was.
pub(crate) fn preview(value: &str) -> String {
    if value.chars().count() <= VALUE_PREVIEW_CHARS {
        return value.to_string();
    }
    let head: String = value.chars().take(VALUE_PREVIEW_CHARS).collect();
    format!("{head}… ({} characters)", value.chars().count())
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ", line {}", self.line)?;
        }
        if !self.column.is_empty() {
            write!(f, ", column {}", self.column)?;
        }
        if !self.value.is_empty() {
            write!(f, ", value {:?}", self.value)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Problems collected over whole files: all of them counted, the first `limit` kept.
///
/// A file where every row is wrong would otherwise make a report of millions of lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problems {
    kept: Vec<Problem>,
    total: u64,
    rejected_rows: u64,
    #[serde(skip)]
    limit: usize,
}

impl Problems {
    /// The number of problems a report lists by default.
    pub const DEFAULT_LIMIT: usize = 1000;

    /// An empty collection keeping at most `limit` problems.
    pub fn new(limit: usize) -> Problems {
        Problems {
            kept: Vec::new(),
            total: 0,
            rejected_rows: 0,
            limit,
        }
    }

    /// Records a problem.
    pub fn push(&mut self, problem: Problem) {
        self.total += 1;
        if self.kept.len() < self.limit {
            self.kept.push(problem);
        }
    }

    /// Records the problems of one rejected row.
    pub fn reject_row(&mut self, problems: impl IntoIterator<Item = Problem>) {
        self.rejected_rows += 1;
        for problem in problems {
            self.push(problem);
        }
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// How many problems were found (kept or not).
    pub fn total(&self) -> u64 {
        self.total
    }

    /// How many rows had at least one problem.
    pub fn rejected_rows(&self) -> u64 {
        self.rejected_rows
    }

    /// The first problems found, in file order.
    pub fn kept(&self) -> &[Problem] {
        &self.kept
    }

    /// The first problems found, in file order.
    pub fn into_kept(self) -> Vec<Problem> {
        self.kept
    }
}

impl Default for Problems {
    fn default() -> Problems {
        Problems::new(Problems::DEFAULT_LIMIT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_reads_as_file_line_column_value_and_message() {
        let problem = Problem::at(
            "installations_idf.csv",
            12,
            "s3ic_id",
            "65.5",
            Rule::S3icId,
            "expected dddd.ddddd",
        );
        assert_eq!(
            problem.to_string(),
            r#"installations_idf.csv, line 12, column s3ic_id, value "65.5": expected dddd.ddddd"#
        );
    }

    #[test]
    fn long_values_are_shortened_with_their_length() {
        let shown = preview(&"x".repeat(5000));
        assert!(shown.ends_with("… (5000 characters)"), "{shown}");
        assert!(shown.len() < 200);
    }

    #[test]
    fn problems_beyond_the_limit_are_counted_but_not_kept() {
        let mut problems = Problems::new(2);
        for line in 0..5 {
            problems.reject_row([Problem::at("f", line, "", "", Rule::Required, "x")]);
        }
        assert_eq!(problems.kept().len(), 2);
        assert_eq!(problems.total(), 5);
        assert_eq!(problems.rejected_rows(), 5);
    }
}
