//! What an import did, written as JSON next to the archive and summed up in one log line.

use envinorma_db::ams::AmChanges;
use serde::Serialize;

/// One problem of one file of the archive.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileProblem {
    pub file: String,
    pub problem: String,
}

/// An entry of the archive that is no AM and harms nothing, left out of the import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IgnoredEntry {
    pub entry: String,
    pub why: String,
}

/// The outcome of one import.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AmImportReport {
    /// The archive (`am/ams/latest.zip`, or a path on the command line).
    pub source: String,
    /// When the import started (UTC, ISO 8601).
    pub started_at: String,
    pub duration_ms: u64,
    /// AM files read from the archive.
    pub read: usize,
    /// Files rejected, and why: any problem leaves the database unchanged.
    pub problems: Vec<FileProblem>,
    /// Entries that are no AM (folders, macOS metadata, a README), left out.
    pub ignored: Vec<IgnoredEntry>,
    /// Why a valid archive was not imported (it would delete too many AMs), if it was not.
    pub refused: Option<String>,
    /// True when the deletion guard was overridden (`force=true`, `--force`).
    pub forced: bool,
    /// AMs left as they were.
    pub unchanged: usize,
    #[serde(flatten)]
    pub changes: AmChanges,
}

impl AmImportReport {
    /// A report for an import of `source` starting now.
    pub fn start(source: &str) -> AmImportReport {
        AmImportReport {
            source: source.to_string(),
            started_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ..AmImportReport::default()
        }
    }

    /// True when the archive was imported.
    pub fn succeeded(&self) -> bool {
        self.problems.is_empty() && self.refused.is_none()
    }

    /// ", 2 entries ignored (…)", or nothing when none was.
    fn ignored_summary(&self) -> String {
        const LISTED: usize = 5;
        if self.ignored.is_empty() {
            return String::new();
        }
        let mut names: Vec<&str> = self
            .ignored
            .iter()
            .take(LISTED)
            .map(|i| i.entry.as_str())
            .collect();
        let more = format!("{} more", self.ignored.len().saturating_sub(LISTED));
        if self.ignored.len() > LISTED {
            names.push(&more);
        }
        format!(
            ", {} entries ignored ({})",
            self.ignored.len(),
            names.join(", ")
        )
    }

    /// One line for the logs.
    pub fn summary(&self) -> String {
        if let Some(reason) = self.refused.as_deref() {
            format!(
                "am-import {}: REFUSED, {reason}{}",
                self.source,
                self.ignored_summary()
            )
        } else if self.succeeded() {
            let c = &self.changes;
            format!(
                "am-import {}: {} AMs read, {} inserted, {} updated ({} with new text), {} deleted ({} prescriptions), {} unchanged, {} alinéas indexed{}{}, in {} ms",
                self.source,
                self.read,
                c.inserted.len(),
                c.updated.len(),
                c.content_changed.len(),
                c.deleted.len(),
                c.prescriptions_deleted,
                self.unchanged,
                c.alineas_written,
                if self.forced { ", forced" } else { "" },
                self.ignored_summary(),
                self.duration_ms
            )
        } else {
            format!(
                "am-import {}: REJECTED, {} problem(s) in {} file(s) read, nothing changed; first: {}: {}{}",
                self.source,
                self.problems.len(),
                self.read,
                self.problems[0].file,
                self.problems[0].problem,
                self.ignored_summary()
            )
        }
    }
}
