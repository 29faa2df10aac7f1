//! Task 1, installations: the raw S3IC establishments → the published installations.

use super::problem::{ProblemKind, Problems};
use super::raw::{ExtraColumns, Header, RawRow, RawTable, RowCells, drop_duplicates, read_table};
use super::summary::{InstallationCounts, count};
use super::values::{Activity, Family, InstallationRegime, IsoDate, Seveso};
use std::collections::HashMap;

/// Name of the raw installations extract.
pub const FILE: &str = "s3ic-liste-etablissements.csv";

/// The raw columns read, in the order of the indices below.
const COLUMNS: [&str; 15] = [
    "code_s3ic",
    "raison_sociale",
    "region",
    "département",
    "commune_principale",
    "code_postal",
    "code_insee_commune",
    "coordonnées_géographiques_x",
    "coordonnées_géographiques_y",
    "code_naf",
    "régime_etab_en_vigueur",
    "statut_seveso",
    "famille",
    "état_de_l_activité",
    "date_inspection",
];
const CODE_S3IC: usize = 0;
const RAISON_SOCIALE: usize = 1;
const REGION: usize = 2;
const DEPARTEMENT: usize = 3;
const COMMUNE: usize = 4;
const CODE_POSTAL: usize = 5;
const CODE_INSEE: usize = 6;
const X: usize = 7;
const Y: usize = 8;
const CODE_NAF: usize = 9;
const REGIME: usize = 10;
const SEVESO: usize = 11;
const FAMILLE: usize = 12;
const ETAT: usize = 13;
const DATE_INSPECTION: usize = 14;

/// One published installation; text cells borrow the raw row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Installation<'r> {
    pub s3ic_id: &'r str,
    pub region: &'r str,
    pub department: &'r str,
    pub city: &'r str,
    pub name: &'r str,
    /// Lambert-93 X, named `lat` by the original.
    pub lat: &'r str,
    /// Lambert-93 Y, named `lon` by the original.
    pub lon: &'r str,
    pub last_inspection: Option<IsoDate<'r>>,
    pub regime: InstallationRegime,
    pub seveso: Seveso,
    pub family: Family,
    pub active: Activity,
    pub code_postal: &'r str,
    pub code_insee: &'r str,
    pub code_naf: &'r str,
    /// The régime and seveso cells as written, for the summary.
    raw_regime: &'r str,
    raw_seveso: &'r str,
}

impl<'r> Installation<'r> {
    /// The department number: the first two characters of the postal code (`97` overseas too).
    pub fn num_dep(&self) -> &'r str {
        match self.code_postal.char_indices().nth(2) {
            Some((end, _)) => &self.code_postal[..end],
            None => self.code_postal,
        }
    }

    /// The cells of the output row, in the order of the prepared file's header.
    pub fn cells(&self) -> [&'r str; 16] {
        [
            self.s3ic_id,
            self.num_dep(),
            self.region,
            self.department,
            self.city,
            self.name,
            self.lat,
            self.lon,
            self.last_inspection.map_or("", |date| date.text),
            self.regime.as_str(),
            self.seveso.as_str(),
            self.family.as_str(),
            self.active.as_str(),
            self.code_postal,
            self.code_insee,
            self.code_naf,
        ]
    }
}

/// Reads the raw extract; `None` when it cannot be used (the problems say why).
pub(super) fn read(bytes: &[u8], problems: &mut Problems) -> Option<RawTable> {
    read_table(
        FILE,
        bytes,
        &COLUMNS,
        Header::Named(ExtraColumns::Ignored),
        problems,
    )
}

/// Every `code_s3ic` of the raw extract, with its index among the `published` installations, or
/// `None` when it was dropped (to tell dropped installations from unknown ones).
pub(super) fn published_index<'r>(
    table: &'r RawTable,
    published: &[Installation<'_>],
) -> HashMap<&'r str, Option<usize>> {
    let mut index: HashMap<&str, Option<usize>> = HashMap::with_capacity(table.rows.len());
    for row in &table.rows {
        index.insert(table.cell(row, CODE_S3IC), None);
    }
    for (position, installation) in published.iter().enumerate() {
        if let Some(entry) = index.get_mut(installation.s3ic_id) {
            *entry = Some(position);
        }
    }
    index
}

/// The published installations, sorted by `s3ic_id`, applying the original's rules in order.
pub(super) fn prepare<'r>(
    table: &'r RawTable,
    problems: &mut Problems,
) -> (Vec<Installation<'r>>, InstallationCounts) {
    let mut counts = InstallationCounts {
        rows_read: table.rows.len(),
        ..InstallationCounts::default()
    };
    let (rows, duplicates) = drop_duplicates(table);
    counts.duplicates_dropped = duplicates;
    let publishable = keep_publishable(table, rows, &mut counts);
    let latest = keep_latest(table, publishable, &mut counts);
    let parsed: Vec<Installation<'r>> = latest
        .into_iter()
        .filter_map(|(row, regime)| parse(table, row, regime, problems))
        .collect();
    let mut kept = Vec::with_capacity(parsed.len());
    for installation in parsed {
        if installation.active.is_active() {
            kept.push(installation);
        } else {
            count(&mut counts.inactive_dropped, installation.active.as_str());
        }
    }
    count_changes(&kept, &mut counts);
    (kept, counts)
}

/// Only A, E, S and 2 installations are published (declared installations are not).
fn keep_publishable<'r>(
    table: &RawTable,
    rows: Vec<&'r RawRow>,
    counts: &mut InstallationCounts,
) -> Vec<(&'r RawRow, InstallationRegime)> {
    rows.into_iter()
        .filter_map(|row| {
            let code = table.cell(row, REGIME);
            let regime = InstallationRegime::publishable(code);
            if regime.is_none() {
                count(&mut counts.regime_dropped, code);
            }
            Some((row, regime?))
        })
        .collect()
}

/// The last row of each installation, sorted by `code_s3ic` (pandas' `groupby().last()` order).
///
/// Runs after the régime filter, so a later declared row never hides the published one.
fn keep_latest<'r>(
    table: &RawTable,
    rows: Vec<(&'r RawRow, InstallationRegime)>,
    counts: &mut InstallationCounts,
) -> Vec<(&'r RawRow, InstallationRegime)> {
    let mut last_by_code: HashMap<&str, usize> = HashMap::with_capacity(rows.len());
    for (index, (row, _)) in rows.iter().enumerate() {
        let code = table.cell(row, CODE_S3IC);
        if code.is_empty() {
            counts.missing_code_dropped += 1;
        } else {
            last_by_code.insert(code, index);
        }
    }
    counts.older_rows_dropped = rows.len() - counts.missing_code_dropped - last_by_code.len();
    let mut latest: Vec<(&str, usize)> = last_by_code.into_iter().collect();
    latest.sort_unstable();
    latest.into_iter().map(|(_, index)| rows[index]).collect()
}

/// The typed installation, or `None` with a problem per invalid cell.
fn parse<'r>(
    table: &'r RawTable,
    row: &RawRow,
    regime: InstallationRegime,
    problems: &mut Problems,
) -> Option<Installation<'r>> {
    let cells = RowCells {
        file: FILE,
        columns: &COLUMNS,
        table,
        row,
    };
    let last_inspection = cells.optional_date(DATE_INSPECTION, problems);
    let seveso = Seveso::parse(cells.get(SEVESO));
    let family = Family::parse(cells.get(FAMILLE));
    let active = Activity::parse(cells.get(ETAT));
    if seveso.is_none() {
        cells.invalid(
            SEVESO,
            ProblemKind::InvalidValue,
            Seveso::EXPECTED,
            problems,
        );
    }
    if family.is_none() {
        cells.invalid(
            FAMILLE,
            ProblemKind::InvalidValue,
            Family::EXPECTED,
            problems,
        );
    }
    if active.is_none() {
        cells.invalid(
            ETAT,
            ProblemKind::InvalidValue,
            Activity::EXPECTED,
            problems,
        );
    }
    let cell = |column: usize| cells.get(column);
    Some(Installation {
        s3ic_id: cell(CODE_S3IC),
        region: cell(REGION),
        department: cell(DEPARTEMENT),
        city: cell(COMMUNE),
        name: cell(RAISON_SOCIALE),
        lat: cell(X),
        lon: cell(Y),
        last_inspection: last_inspection?,
        regime,
        seveso: seveso?,
        family: family?,
        active: active?,
        code_postal: cell(CODE_POSTAL),
        code_insee: cell(CODE_INSEE),
        code_naf: cell(CODE_NAF),
        raw_regime: cell(REGIME),
        raw_seveso: cell(SEVESO),
    })
}

fn count_changes(kept: &[Installation<'_>], counts: &mut InstallationCounts) {
    counts.kept = kept.len();
    for installation in kept {
        match installation.raw_regime {
            "S" => counts.regime_s_to_a += 1,
            "2" => counts.regime_2_to_a += 1,
            _ => {}
        }
        match installation.raw_seveso {
            "SSH" => counts.seveso_ssh_to_sh += 1,
            "SSB" => counts.seveso_ssb_to_sb += 1,
            _ => {}
        }
    }
}
