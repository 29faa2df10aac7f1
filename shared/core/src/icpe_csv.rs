//! The prepared ICPE CSV files (installations, classements) read into typed values, with errors
//! naming the file, line and column.

use crate::classement::{Classement, Regime, Volume};
use crate::date::Date;
use serde::Deserialize;
use std::collections::HashMap;
use std::io::Read;

/// An error in one CSV file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}:{line}: {column}: {message}")]
pub struct CsvError {
    pub file: String,
    /// 1-based line in the file (the header is line 1).
    pub line: u64,
    pub column: String,
    pub message: String,
}

/// One installation as the prepared CSVs describe it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct InstallationRow {
    pub s3ic_id: String,
    pub name: String,
    #[serde(default)]
    pub num_dep: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub code_postal: String,
    #[serde(default)]
    pub last_inspection: String,
    #[serde(default)]
    pub regime: String,
    #[serde(default)]
    pub seveso: String,
    #[serde(default)]
    pub family: String,
    #[serde(default)]
    pub active: String,
}

/// One classements CSV row, before typing.
#[derive(Debug, Clone, Deserialize)]
struct ClassementRow {
    s3ic_id: String,
    rubrique: String,
    alinea: String,
    regime: String,
    date_autorisation: String,
    date_mise_en_service: String,
    volume: String,
    unit: String,
}

/// Reads an installations CSV.
pub fn read_installations(file: &str, input: impl Read) -> Result<Vec<InstallationRow>, CsvError> {
    read_rows(file, input)?
        .into_iter()
        .map(|(_, row)| Ok(row))
        .collect()
}

/// Reads a classements CSV: each installation's classements, in file order.
pub fn read_classements(
    file: &str,
    input: impl Read,
) -> Result<HashMap<String, Vec<Classement>>, CsvError> {
    let mut by_installation: HashMap<String, Vec<Classement>> = HashMap::new();
    for (line, row) in read_rows::<ClassementRow>(file, input)? {
        let error = |column: &str, message: String| CsvError {
            file: file.into(),
            line,
            column: column.into(),
            message,
        };
        let regime = Regime::parse(&row.regime).ok_or_else(|| {
            error(
                "regime",
                format!(
                    "unknown régime {:?} (expected A, E, D, NC or unknown)",
                    row.regime
                ),
            )
        })?;
        let date = |column: &str, text: &str| match text {
            "" => Ok(None),
            _ => Date::parse(text).map(Some).ok_or_else(|| {
                error(
                    column,
                    format!("invalid date {text:?} (expected YYYY-MM-DD)"),
                )
            }),
        };
        let classement = Classement {
            rubrique: non_empty(row.rubrique),
            regime,
            alinea: non_empty(row.alinea),
            date_autorisation: date("date_autorisation", &row.date_autorisation)?,
            date_mise_en_service: date("date_mise_en_service", &row.date_mise_en_service)?,
            volume: Volume::from_csv(&row.volume, &row.unit),
        };
        by_installation
            .entry(row.s3ic_id)
            .or_default()
            .push(classement);
    }
    Ok(by_installation)
}

fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// Rows with their 1-based line numbers (a quoted field may span lines: the row's first line).
fn read_rows<T: for<'de> Deserialize<'de>>(
    file: &str,
    input: impl Read,
) -> Result<Vec<(u64, T)>, CsvError> {
    let mut reader = csv::Reader::from_reader(input);
    let headers = reader
        .headers()
        .map_err(|e| csv_error(file, &e, None))?
        .clone();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(file, &e, None))?;
        let line = record.position().map_or(0, csv::Position::line);
        let row = record.deserialize(Some(&headers)).map_err(|e| CsvError {
            line,
            ..csv_error(file, &e, Some(&headers))
        })?;
        rows.push((line, row));
    }
    Ok(rows)
}

fn csv_error(file: &str, error: &csv::Error, headers: Option<&csv::StringRecord>) -> CsvError {
    let column = match error.kind() {
        csv::ErrorKind::Deserialize { err, .. } => err
            .field()
            .and_then(|i| headers?.get(i as usize))
            .unwrap_or_default()
            .to_string(),
        _ => String::new(),
    };
    CsvError {
        file: file.into(),
        line: error.position().map_or(0, csv::Position::line),
        column,
        message: error.to_string(),
    }
}
