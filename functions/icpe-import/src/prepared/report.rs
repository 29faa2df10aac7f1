//! The report of one import: written as JSON next to the input, and as one log line.

use envinorma_core::icpe_csv::{FileKind, Problem};
use serde::Serialize;
use std::fmt::Write as _;

/// How an import ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The database now holds the files' content.
    Imported,
    /// The database already held exactly this content (same files imported before): nothing done.
    Unchanged,
    /// Some files or rows are invalid: nothing changed; `errors` says where and why.
    Rejected,
    /// Valid, but it would delete too many installations (a truncated upload?): nothing changed.
    Refused,
}

/// What happened to one table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableReport {
    /// Which table (named as the kind of file that feeds it).
    pub table: FileKind,
    /// The file it was imported from.
    pub file: String,
    /// Data rows read from the file.
    pub read: u64,
    /// Rows with at least one problem.
    pub rejected: u64,
    /// Rows added.
    pub inserted: u64,
    /// Rows whose values changed.
    pub updated: u64,
    /// Rows removed (for installations, with what depends on them: see `removed_with`).
    pub deleted: u64,
    /// Rows already as in the file.
    pub unchanged: u64,
    /// Time spent writing the table, in milliseconds.
    pub write_ms: u64,
}

/// What went with the installations removed by an import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RemovedWith {
    /// Their classements.
    pub classements: u64,
    /// Their APs.
    pub aps: u64,
    /// Users' prescriptions for them.
    pub prescriptions: u64,
    /// Users' copies of them, kept but no longer linked to an original.
    pub detached_copies: u64,
}

/// Everything one import did or found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportReport {
    /// The input files, as named by the caller.
    pub files: Vec<String>,
    /// Their dataset (`all`, `idf`…); none for the catalogue alone.
    pub dataset: Option<String>,
    /// How it ended.
    pub outcome: Outcome,
    /// Why, in a sentence, when the outcome is not told by the counts and errors alone.
    pub reason: Option<String>,
    /// Whether the deletion guard was overridden.
    pub forced: bool,
    /// Wall-clock time of the whole run, in milliseconds.
    pub duration_ms: u64,
    /// Of which reading and checking every row, in milliseconds.
    pub validation_ms: u64,
    /// Per table, in import order.
    pub tables: Vec<TableReport>,
    /// What went with removed installations.
    pub removed_with: RemovedWith,
    /// Every problem found, up to a limit (see `errors_total`).
    pub errors: Vec<Problem>,
    /// How many problems were found in all.
    pub errors_total: u64,
    /// Things worth a look that did not stop the import.
    pub warnings: Vec<String>,
}

impl ImportReport {
    /// An empty report for these files.
    pub(crate) fn new(
        files: Vec<String>,
        dataset: Option<String>,
        outcome: Outcome,
    ) -> ImportReport {
        ImportReport {
            files,
            dataset,
            outcome,
            reason: None,
            forced: false,
            duration_ms: 0,
            validation_ms: 0,
            tables: Vec::new(),
            removed_with: RemovedWith::default(),
            errors: Vec::new(),
            errors_total: 0,
            warnings: Vec::new(),
        }
    }

    /// The report of a table (created empty when first asked for).
    pub(crate) fn table(&mut self, kind: FileKind, file: &str) -> &mut TableReport {
        let index = match self.tables.iter().position(|t| t.table == kind) {
            Some(index) => index,
            None => {
                self.tables.push(TableReport {
                    table: kind,
                    file: file.into(),
                    read: 0,
                    rejected: 0,
                    inserted: 0,
                    updated: 0,
                    deleted: 0,
                    unchanged: 0,
                    write_ms: 0,
                });
                self.tables.len() - 1
            }
        };
        &mut self.tables[index]
    }

    /// True when the database holds the files' content (imported now or before).
    pub fn is_success(&self) -> bool {
        matches!(self.outcome, Outcome::Imported | Outcome::Unchanged)
    }

    /// One line for the logs and notifications.
    pub fn summary(&self) -> String {
        let outcome = serde_json::to_value(self.outcome)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        let mut line = format!("icpe import {outcome}");
        if let Some(dataset) = &self.dataset {
            let _ = write!(line, " ({dataset})");
        }
        line.push(':');
        if let Some(reason) = &self.reason {
            let _ = write!(line, " {reason};");
        }
        for table in &self.tables {
            let _ = write!(
                line,
                " {} {} read, {} inserted, {} updated, {} deleted;",
                table.table, table.read, table.inserted, table.updated, table.deleted
            );
        }
        if self.errors_total > 0 {
            let _ = write!(line, " {} problem(s)", self.errors_total);
            if let Some(first) = self.errors.first() {
                let _ = write!(line, ", first: {first};");
            }
        }
        for warning in self.warnings.iter().take(1) {
            let _ = write!(line, " warning: {warning};");
        }
        if self.warnings.len() > 1 {
            let _ = write!(line, " (+{} warnings);", self.warnings.len() - 1);
        }
        let _ = write!(line, " {:.2} s", self.duration_ms as f64 / 1000.0);
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use envinorma_core::icpe_csv::Rule;

    #[test]
    fn the_summary_gives_outcome_counts_first_problem_and_duration_on_one_line() {
        let mut report = ImportReport::new(
            vec!["installations_idf.csv".into()],
            Some("idf".into()),
            Outcome::Rejected,
        );
        report
            .table(FileKind::Installations, "installations_idf.csv")
            .read = 2164;
        report.errors = vec![Problem::at(
            "installations_idf.csv",
            20,
            "name",
            "",
            Rule::Required,
            "name is required",
        )];
        report.errors_total = 3;
        report.duration_ms = 1234;
        let summary = report.summary();
        assert_eq!(
            summary,
            "icpe import rejected (idf): installations 2164 read, 0 inserted, 0 updated, 0 deleted; \
             3 problem(s), first: installations_idf.csv, line 20, column name: name is required; 1.23 s"
        );
        assert!(!summary.contains('\n'));
    }

    #[test]
    fn the_json_report_names_tables_and_outcome_in_snake_case() {
        let mut report = ImportReport::new(vec![], None, Outcome::Unchanged);
        report
            .table(FileKind::ClassementReferences, "classement_references.csv")
            .read = 956;
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["outcome"], "unchanged");
        assert_eq!(json["tables"][0]["table"], "classement_references");
        assert_eq!(json["tables"][0]["read"], 956);
    }
}
