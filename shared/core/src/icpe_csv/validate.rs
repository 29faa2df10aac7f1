//! Whole-file validation: every row typed, plus the rules that span rows and files
//! (duplicate keys, references to installations).

use super::aps::ApRecord;
use super::classement_references::ClassementReferenceRecord;
use super::classements::ClassementRecord;
use super::file::CsvFile;
use super::ids::{GeorisquesId, S3icId};
use super::installations::InstallationRecord;
use super::problem::{Problem, Problems, Rule};
use super::record::Record;
use crate::classement::Regime;
use std::collections::{HashMap, HashSet};

/// How many rows of a file were read and how many had problems.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Checked {
    /// Data rows read.
    pub rows: u64,
    /// Rows with at least one problem.
    pub rejected: u64,
}

/// The installations rows may refer to, and where that list comes from (for messages).
#[derive(Debug, Clone, Copy)]
pub struct KnownInstallations<'a> {
    /// Their S3IC ids.
    pub ids: &'a HashSet<S3icId>,
    /// `installations_idf.csv`, or `the database`.
    pub source: &'a str,
}

/// Checks an installations file; returns its S3IC ids (each once) for the other files.
///
/// The id of a row rejected for another reason (a blank name) still counts as known, so that
/// its classements and APs are not reported as well: one mistake, one problem.
pub fn check_installations(
    file: &CsvFile<'_>,
    problems: &mut Problems,
) -> (Checked, HashSet<S3icId>) {
    let mut first_lines: HashMap<S3icId, u64> = HashMap::new();
    let mut checked = Checked::default();
    for row in file.rows() {
        checked.rows += 1;
        let mut row_problems = Vec::new();
        match row {
            Ok(row) => {
                let record = InstallationRecord::parse(&row, &mut row_problems);
                row.with_read_problems(&mut row_problems);
                let id = record
                    .map(|r| r.s3ic_id)
                    .or_else(|| S3icId::parse(row.text("s3ic_id")));
                if let Some(id) = id.filter(|id| !id.is_fictive()) {
                    if let Some(first) = first_lines.get(&id) {
                        row_problems.push(duplicate(
                            file,
                            row.line(),
                            "s3ic_id",
                            &id.to_string(),
                            *first,
                        ));
                    } else {
                        first_lines.insert(id, row.line());
                    }
                }
            }
            Err(unreadable) => row_problems = unreadable,
        }
        if !row_problems.is_empty() {
            checked.rejected += 1;
            problems.reject_row(row_problems);
        }
    }
    (checked, first_lines.into_keys().collect())
}

/// Checks a classements file against the installations it may refer to.
pub fn check_classements(
    file: &CsvFile<'_>,
    known: KnownInstallations<'_>,
    problems: &mut Problems,
) -> Checked {
    check_classements_visiting(file, known, problems, |_| {})
}

/// [`check_classements`], handing each valid record to `visit` on the way (to summarise the
/// file without reading it again).
pub fn check_classements_visiting(
    file: &CsvFile<'_>,
    known: KnownInstallations<'_>,
    problems: &mut Problems,
    mut visit: impl FnMut(&ClassementRecord),
) -> Checked {
    check_each(file, problems, |line, record: ClassementRecord| {
        reference(file, line, "s3ic_id", record.s3ic_id, known)?;
        visit(&record);
        Ok(())
    })
}

/// Checks an APs file against the installations it may refer to; Géorisques ids are unique.
pub fn check_aps(
    file: &CsvFile<'_>,
    known: KnownInstallations<'_>,
    problems: &mut Problems,
) -> Checked {
    let mut first_lines: HashMap<GeorisquesId, u64> = HashMap::new();
    check_each(file, problems, |line, record: ApRecord| {
        reference(
            file,
            line,
            "installation_s3ic_id",
            record.installation_s3ic_id,
            known,
        )?;
        match first_lines.get(&record.georisques_id) {
            Some(first) => Err(duplicate(
                file,
                line,
                "georisques_id",
                &record.georisques_id.to_string(),
                *first,
            )),
            None => {
                first_lines.insert(record.georisques_id, line);
                Ok(())
            }
        }
    })
}

/// Checks the nomenclature catalogue; (rubrique, régime, alinéa) is unique.
pub fn check_classement_references(file: &CsvFile<'_>, problems: &mut Problems) -> Checked {
    let mut first_lines: HashMap<(String, Regime, Option<String>), u64> = HashMap::new();
    check_each(file, problems, |line, record: ClassementReferenceRecord| {
        let shown = format!(
            "{} {} {}",
            record.rubrique,
            record.regime,
            record.alinea.as_deref().unwrap_or("(no alinéa)")
        );
        let key = (record.rubrique, record.regime, record.alinea);
        match first_lines.get(&key) {
            Some(first) => Err(duplicate(file, line, "rubrique", &shown, *first)),
            None => {
                first_lines.insert(key, line);
                Ok(())
            }
        }
    })
}

/// Types every row and applies `rule` to the valid ones, collecting every problem.
fn check_each<T: Record>(
    file: &CsvFile<'_>,
    problems: &mut Problems,
    mut rule: impl FnMut(u64, T) -> Result<(), Problem>,
) -> Checked {
    let mut checked = Checked::default();
    for record in file.records::<T>() {
        checked.rows += 1;
        let row_problems = match record {
            Ok((line, record)) => match rule(line, record) {
                Ok(()) => continue,
                Err(problem) => vec![problem],
            },
            Err(row_problems) => row_problems,
        };
        checked.rejected += 1;
        problems.reject_row(row_problems);
    }
    checked
}

fn duplicate(file: &CsvFile<'_>, line: u64, column: &str, key: &str, first: u64) -> Problem {
    Problem::at(
        file.name(),
        line,
        column,
        key,
        Rule::DuplicateKey,
        format!("duplicate key: already on line {first}"),
    )
}

fn reference(
    file: &CsvFile<'_>,
    line: u64,
    column: &str,
    id: S3icId,
    known: KnownInstallations<'_>,
) -> Result<(), Problem> {
    if known.ids.contains(&id) {
        return Ok(());
    }
    Err(Problem::at(
        file.name(),
        line,
        column,
        &id.to_string(),
        Rule::UnknownInstallation,
        format!("unknown installation: {id} is not in {}", known.source),
    ))
}
