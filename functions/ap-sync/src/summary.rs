//! What one run of ap-sync says: a JSON log line, and the original's Slack message.

use envinorma_core::icpe_csv::OcrStatus;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

/// One run, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Where the dump came from (a bucket key, a file, or "the configured URL": the URL itself
    /// may hold a token and is never printed).
    pub dump: String,
    /// Rows of aps_all.csv.
    pub aps: usize,
    /// Against the aps_all.csv of the previous run.
    pub added: usize,
    pub removed: usize,
    pub newly_ocred: usize,
    pub new_errors: usize,
    /// The reasons of the new errors (the first line of their error object).
    pub errors_by_reason: BTreeMap<String, usize>,
    /// Every AP by current OCR status.
    pub statuses: BTreeMap<String, usize>,
    /// Jobs sent to the OCR queue; documents left alone because a job for them may be in flight;
    /// documents given up after their jobs kept dying.
    pub queued: usize,
    pub in_flight: usize,
    pub abandoned: usize,
    /// The database import of the deployment's APs.
    pub import: String,
    /// Files written to `misc`.
    pub written: Vec<String>,
    /// The original's sanity checks that failed, and anything else worth a look.
    pub warnings: Vec<String>,
    pub duration_ms: u64,
}

/// How the statuses moved between two versions of aps_all.csv.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: usize,
    pub removed: usize,
    pub newly_ocred: usize,
    pub new_errors: usize,
}

/// The changes from `before` to `after` (status by georisques id). As the original counted
/// them: a new OCR result is a move from NOT_ATTEMPTED of an AP in both.
pub fn changes<K: Eq + Hash>(
    before: &HashMap<K, OcrStatus>,
    after: &HashMap<K, OcrStatus>,
) -> Changes {
    let mut changes = Changes {
        removed: before.keys().filter(|id| !after.contains_key(*id)).count(),
        ..Changes::default()
    };
    for (id, status) in after {
        match before.get(id) {
            None => changes.added += 1,
            Some(OcrStatus::NotAttempted) if *status == OcrStatus::Success => {
                changes.newly_ocred += 1
            }
            Some(OcrStatus::NotAttempted) if *status == OcrStatus::Error => changes.new_errors += 1,
            Some(_) => {}
        }
    }
    changes
}

impl Summary {
    /// The Slack message: the original's lines, then ours.
    pub fn slack_text(&self) -> String {
        let mut text = format!(
            "*Depuis la dernière mise à jour du fichier aps_all.csv*\n\
             {} AP supprimés.\n{} nouveaux AP.\n{} AP OCRisés avec succès.\n{} erreurs d'OCR.\n\
             Statuts actuels de l'OCR:\n",
            self.removed, self.added, self.newly_ocred, self.new_errors
        );
        for (status, count) in &self.statuses {
            text.push_str(&format!("\t{status}: {count}\n"));
        }
        if !self.errors_by_reason.is_empty() {
            text.push_str("Nouvelles erreurs par raison:\n");
            for (reason, count) in &self.errors_by_reason {
                text.push_str(&format!("\t{reason}: {count}\n"));
            }
        }
        text.push_str(&format!(
            "{} documents envoyés à l'OCR ({} déjà en cours, {} abandonnés).\nImport: {}\n",
            self.queued, self.in_flight, self.abandoned, self.import
        ));
        for warning in &self.warnings {
            text.push_str(&format!("Attention: {warning}\n"));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statuses(entries: &[(&str, OcrStatus)]) -> HashMap<String, OcrStatus> {
        entries.iter().map(|(id, s)| (id.to_string(), *s)).collect()
    }

    #[test]
    fn changes_count_additions_removals_and_moves_from_not_attempted() {
        use OcrStatus::*;
        let before = statuses(&[
            ("a", NotAttempted),
            ("b", NotAttempted),
            ("c", Success),
            ("d", NotAttempted),
            ("gone", Success),
        ]);
        let after = statuses(&[
            ("a", Success),
            ("b", Error),
            ("c", Success),
            ("d", NotAttempted),
            ("new", Success),
        ]);
        assert_eq!(
            changes(&before, &after),
            Changes {
                added: 1,
                removed: 1,
                newly_ocred: 1,
                new_errors: 1
            }
        );
    }

    #[test]
    fn the_slack_message_begins_with_the_originals_lines() {
        let summary = Summary {
            added: 3,
            removed: 1,
            newly_ocred: 7,
            new_errors: 2,
            statuses: BTreeMap::from([("ERROR".into(), 2), ("SUCCESS".into(), 9)]),
            errors_by_reason: BTreeMap::from([("empty file".into(), 2)]),
            queued: 4,
            in_flight: 1,
            import: "imported".into(),
            warnings: vec!["few rows".into()],
            ..Summary::default()
        };
        assert_eq!(
            summary.slack_text(),
            "*Depuis la dernière mise à jour du fichier aps_all.csv*\n\
             1 AP supprimés.\n3 nouveaux AP.\n7 AP OCRisés avec succès.\n2 erreurs d'OCR.\n\
             Statuts actuels de l'OCR:\n\tERROR: 2\n\tSUCCESS: 9\n\
             Nouvelles erreurs par raison:\n\tempty file: 2\n\
             4 documents envoyés à l'OCR (1 déjà en cours, 0 abandonnés).\nImport: imported\n\
             Attention: few rows\n"
        );
    }
}
