//! The database side of an import, inside the caller's transaction (which holds the lock).

use super::ImportError;
use super::options::ImportOptions;
use super::report::{ImportReport, Outcome, RemovedWith};
use super::validate::{Opened, validate_aps_against};
use envinorma_core::icpe_csv::{
    ApRecord, ClassementRecord, ClassementReferenceRecord, CsvFile, FileKind, InstallationRecord,
    Problems, Record,
};
use envinorma_db::icpe::{self, Changes};
use envinorma_db::tokio_postgres::{Client, Transaction};
use std::collections::HashMap;
use std::time::Instant;

/// Each file's name and the SHA-256 (hexadecimal) of its bytes, by kind.
pub(crate) type Hashes = HashMap<FileKind, (String, String)>;

/// Which parts of the input differ from what the database last imported.
struct Steps {
    /// Installations and classements, which go together.
    installations: bool,
    aps: bool,
    classement_references: bool,
}

impl Steps {
    fn any(&self) -> bool {
        self.installations || self.aps || self.classement_references
    }
}

/// Applies validated files: unchanged when already imported, refused when it would delete too
/// many installations, else written (the caller commits when the outcome is `Imported`).
pub(crate) async fn apply(
    tx: &Transaction<'_>,
    opened: &Opened<'_>,
    hashes: &Hashes,
    options: &ImportOptions,
    problems: &mut Problems,
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    let steps = steps(tx, opened, hashes).await?;
    if !steps.any() {
        report.outcome = Outcome::Unchanged;
        report.reason = Some("the database already holds these files (imported before)".into());
        for table in &mut report.tables {
            table.unchanged = table.read;
        }
        return Ok(());
    }
    if let (Some(aps), None) = (&opened.aps, &opened.installations) {
        let ids = icpe::public_s3ic_ids(tx).await?;
        validate_aps_against(aps, &ids, problems, report);
        if !problems.is_empty() {
            report.outcome = Outcome::Rejected;
            return Ok(());
        }
    }
    if steps.installations && refused_by_deletion_guard(tx, opened, options, report).await? {
        report.outcome = Outcome::Refused;
        return Ok(());
    }
    write(tx, opened, &steps, report).await?;
    for (kind, (file, sha256)) in hashes {
        icpe::record_import(tx, *kind, file, sha256).await?;
    }
    report.outcome = Outcome::Imported;
    Ok(())
}

/// Analyses the tables a committed import rewrote. Fresh statistics right away: until
/// autovacuum gets to it, the planner would still see the tables as before (empty after a
/// first import) and search installations by scanning them all instead of through the trigram
/// indexes. A failure here is a warning, not an error: the data is committed, and an error would
/// have the trigger retry an import that is then "unchanged", its report lost.
pub(crate) async fn analyze(client: &Client, report: &mut ImportReport) {
    let analyzed = client
        // One query string is one implicit transaction, which SET LOCAL lasts: ANALYZE of the
        // national tables may outlast the statement timeout meant for requests, and the pooled
        // connection keeps its timeout afterwards.
        .batch_execute(
            "SET LOCAL statement_timeout = 0; \
             ANALYZE installations, classements, aps, classement_references",
        )
        .await;
    if let Err(error) = analyzed {
        // The server's message: the client error alone says only "db error".
        let why = error
            .as_db_error()
            .map_or_else(|| error.to_string(), ToString::to_string);
        tracing::warn!(error = %why, "icpe import committed, but ANALYZE of its tables failed");
        report.warnings.push(format!(
            "imported, but ANALYZE of the tables failed ({why}): searches may be slow until \
             autovacuum analyses them"
        ));
    }
}

/// Installations and classements are one step: the classements of a file refer to the
/// installations of its partner. APs depend on the installations (removed ones take theirs).
async fn steps(
    tx: &Transaction<'_>,
    opened: &Opened<'_>,
    hashes: &Hashes,
) -> Result<Steps, ImportError> {
    let last = icpe::last_imports(tx).await?;
    let changed = |kind: FileKind| match hashes.get(&kind) {
        None => false,
        Some((_, sha256)) => last.get(&kind).is_none_or(|l| &l.sha256 != sha256),
    };
    let installations = opened.installations.is_some()
        && (changed(FileKind::Installations) || changed(FileKind::Classements));
    Ok(Steps {
        installations,
        aps: opened.aps.is_some() && (installations || changed(FileKind::Aps)),
        classement_references: changed(FileKind::ClassementReferences),
    })
}

/// True (and the reason in the report) when too many public installations would go.
async fn refused_by_deletion_guard(
    tx: &Transaction<'_>,
    opened: &Opened<'_>,
    options: &ImportOptions,
    report: &mut ImportReport,
) -> Result<bool, ImportError> {
    let Some((file, ids)) = &opened.installations else {
        return Ok(false);
    };
    let current = icpe::public_s3ic_ids(tx).await?;
    let removed = current.iter().filter(|id| !ids.contains(id)).count();
    let share = if current.is_empty() {
        0.0
    } else {
        removed as f64 / current.len() as f64
    };
    if share <= options.max_deleted_share {
        return Ok(false);
    }
    let what = format!(
        "{} would delete {removed} of the {} public installations ({:.0} %, more than {:.0} %)",
        file.name(),
        current.len(),
        share * 100.0,
        options.max_deleted_share * 100.0
    );
    if options.force {
        report.forced = true;
        report.warnings.push(format!("{what}: forced"));
        return Ok(false);
    }
    report.reason = Some(format!(
        "{what}: a truncated upload? Nothing changed; import again with force to confirm"
    ));
    Ok(true)
}

/// Writes the steps in dependency order, checking that every validated row was written.
async fn write(
    tx: &Transaction<'_>,
    opened: &Opened<'_>,
    steps: &Steps,
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    if let (true, Some((installations, _)), Some(classements)) = (
        steps.installations,
        &opened.installations,
        &opened.classements,
    ) {
        let started = Instant::now();
        let (changes, with) =
            icpe::replace_installations(tx, valid::<InstallationRecord>(installations)).await?;
        set_changes(report, installations, changes, started)?;
        report.removed_with = RemovedWith {
            classements: with.classements,
            aps: with.aps,
            prescriptions: with.prescriptions,
            detached_copies: with.detached_copies,
        };
        if with.prescriptions > 0 {
            report.warnings.push(format!(
                "{} prescription(s) of users deleted with their removed installations",
                with.prescriptions
            ));
        }
        if with.detached_copies > 0 {
            report.warnings.push(format!(
                "{} users' copies kept without their original (removed)",
                with.detached_copies
            ));
        }
        let started = Instant::now();
        let changes = icpe::replace_classements(
            tx,
            &opened.classement_digests,
            valid::<ClassementRecord>(classements),
        )
        .await?;
        set_changes(report, classements, changes, started)?;
    }
    if let (true, Some(aps)) = (steps.aps, &opened.aps) {
        let started = Instant::now();
        let changes = icpe::replace_aps(tx, valid::<ApRecord>(aps)).await?;
        set_changes(report, aps, changes, started)?;
    } else if opened.installations.is_some() && opened.aps.is_none() {
        report
            .warnings
            .push("no APs file: the APs of kept installations are left as they are".into());
    }
    if let (true, Some(references)) = (steps.classement_references, &opened.classement_references) {
        let started = Instant::now();
        let changes =
            icpe::replace_classement_references(tx, valid::<ClassementReferenceRecord>(references))
                .await?;
        set_changes(report, references, changes, started)?;
    }
    Ok(())
}

/// The records of a validated file (every row is valid: the same bytes were checked).
fn valid<'f, T: Record + Send + 'f>(file: &'f CsvFile<'_>) -> impl Iterator<Item = T> + Send + 'f {
    file.records::<T>()
        .filter_map(|record| record.ok().map(|(_, record)| record))
}

/// Puts a table's changes in the report, after checking nothing was lost between the passes.
fn set_changes(
    report: &mut ImportReport,
    file: &CsvFile<'_>,
    changes: Changes,
    started: Instant,
) -> Result<(), ImportError> {
    let table = report.table(file.kind(), file.name());
    let written = changes.inserted + changes.updated + changes.unchanged;
    if written != table.read {
        return Err(ImportError::Internal(format!(
            "{}: {} rows validated but {written} written",
            file.name(),
            table.read
        )));
    }
    table.inserted = changes.inserted;
    table.updated = changes.updated;
    table.deleted = changes.deleted;
    table.unchanged = changes.unchanged;
    table.write_ms = super::millis(started);
    Ok(())
}
