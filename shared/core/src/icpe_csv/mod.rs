//! The prepared ICPE CSV files (installations, classements, APs, classement references): their
//! schemas, typed records, and a validation that reports every problem with its file, line,
//! column, value and rule.
//!
//! Reading goes in three steps: [`CsvFile::open`] checks the file as a whole (empty, encoding,
//! header); [`CsvFile::records`] types each row; the `check_*` functions add the rules that
//! span rows and files (duplicate keys, unknown installations).

mod aps;
mod classement_references;
mod classements;
mod fields;
mod file;
mod ids;
mod installations;
mod kind;
mod problem;
mod record;
mod validate;

pub use aps::ApRecord;
pub use classement_references::{ClassementReferenceRecord, REFERENCE_REGIMES};
pub use classements::ClassementRecord;
pub use fields::{InstallationState, OcrStatus, Seveso};
pub use file::{CsvFile, MAX_FIELD_BYTES, Row, Rows};
pub use ids::{GeorisquesId, InvalidId, S3icId};
pub use installations::InstallationRecord;
pub use kind::FileKind;
pub use problem::{CsvError, Problem, Problems, Rule};
pub use record::{Record, Records};
pub use validate::{
    Checked, KnownInstallations, check_aps, check_classement_references, check_classements,
    check_classements_visiting, check_installations,
};

use crate::classement::Classement;
use std::collections::HashMap;
use std::io::Read;

/// One installation with every column of its row as text (the personalisation tools' view).
#[derive(Debug, Clone, PartialEq)]
pub struct InstallationRow {
    /// `dddd.ddddd`.
    pub s3ic_id: String,
    /// The operator's name.
    pub name: String,
    /// Department number.
    pub num_dep: String,
    /// Region name.
    pub region: String,
    /// Department name.
    pub department: String,
    /// Main town.
    pub city: String,
    /// Postal code.
    pub code_postal: String,
    /// Day of the last inspection, `YYYY-MM-DD` or blank.
    pub last_inspection: String,
    /// Régime of the installation.
    pub regime: String,
    /// Seveso status.
    pub seveso: String,
    /// Family (Industries, Carrières…).
    pub family: String,
    /// Activity state.
    pub active: String,
}

/// Reads and validates an installations CSV; the first problem found is the error.
pub fn read_installations(file: &str, input: impl Read) -> Result<Vec<InstallationRow>, CsvError> {
    let bytes = read_all(file, input)?;
    let csv = CsvFile::open(FileKind::Installations, file, &bytes).map_err(first)?;
    let mut problems = Problems::new(1);
    check_installations(&csv, &mut problems);
    if let Some(problem) = problems.into_kept().into_iter().next() {
        return Err(problem);
    }
    csv.rows()
        .map(|row| {
            let row = row.map_err(first)?;
            let text = |column: &str| row.text(column).to_string();
            Ok(InstallationRow {
                s3ic_id: text("s3ic_id"),
                name: text("name"),
                num_dep: text("num_dep"),
                region: text("region"),
                department: text("department"),
                city: text("city"),
                code_postal: text("code_postal"),
                last_inspection: text("last_inspection"),
                regime: text("regime"),
                seveso: text("seveso"),
                family: text("family"),
                active: text("active"),
            })
        })
        .collect()
}

/// Reads and validates a classements CSV: each installation's classements, in file order;
/// the first problem found is the error.
pub fn read_classements(
    file: &str,
    input: impl Read,
) -> Result<HashMap<String, Vec<Classement>>, CsvError> {
    let bytes = read_all(file, input)?;
    let csv = CsvFile::open(FileKind::Classements, file, &bytes).map_err(first)?;
    let mut by_installation: HashMap<String, Vec<Classement>> = HashMap::new();
    for record in csv.records::<ClassementRecord>() {
        let (_, record) = record.map_err(first)?;
        by_installation
            .entry(record.s3ic_id.to_string())
            .or_default()
            .push(record.details.classement());
    }
    Ok(by_installation)
}

fn read_all(file: &str, mut input: impl Read) -> Result<Vec<u8>, CsvError> {
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|e| Problem::file(file, Rule::Truncated, format!("cannot read the file: {e}")))?;
    Ok(bytes)
}

fn first(problems: Vec<Problem>) -> Problem {
    problems
        .into_iter()
        .next()
        .unwrap_or_else(|| Problem::file("", Rule::Header, "unreadable file"))
}
