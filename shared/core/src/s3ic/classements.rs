//! Task 1, classements: the raw S3IC rubriques → the classements of the published installations.

use super::problem::{ProblemKind, Problems, cell_problem};
use super::raw::{ExtraColumns, Header, RawRow, RawTable, RowCells, drop_duplicates, read_table};
use super::summary::{ClassementCounts, count};
use super::values::{DETAILED_REGIME_EXPECTED, EmptyLast, IsoDate, non_empty, simple_regime};
use crate::classement::Regime;
use crate::date::Date;
use std::collections::HashMap;

/// Name of the raw classements extract.
pub const FILE: &str = "sic-liste-rubriques.csv";

/// The raw columns, in the order of the indices below; the original writes them all out, renamed.
const COLUMNS: [&str; 14] = [
    "code_s3ic",
    "rubrique_envigueur",
    "alinéa_envigueur",
    "régime_envigueur",
    "libellé_court_envigueur",
    "date_acte_rub_en_vigueur",
    "date_début_exploitation_rub",
    "date_dernière_modification_notable_rub",
    "état_technique",
    "rubrique_autorisé",
    "alinéa_autorisé",
    "régime_autorisé",
    "quantité",
    "unité",
];
const CODE_S3IC: usize = 0;
const RUBRIQUE: usize = 1;
const ALINEA: usize = 2;
const REGIME: usize = 3;
const LIBELLE: usize = 4;
const DATE_ACTE: usize = 5;
const DATE_DEBUT: usize = 6;
const DATE_MODIFICATION: usize = 7;
const ETAT: usize = 8;
const RUBRIQUE_ACTE: usize = 9;
const ALINEA_ACTE: usize = 10;
const REGIME_ACTE: usize = 11;
const QUANTITE: usize = 12;
const UNITE: usize = 13;

/// The only state of a published classement.
const EN_FONCTIONNEMENT: &str = "En fonctionnement";

/// The rubrique under which the confidential 47xx classements (Seveso substances) are published.
const RUBRIQUE_47XX: &str = "47xx";

/// One published classement; text cells borrow the raw row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Classement<'r> {
    /// Index of its installation among the published ones (sorted by `s3ic_id`).
    pub installation: usize,
    pub s3ic_id: &'r str,
    pub rubrique: &'r str,
    pub alinea: &'r str,
    pub regime: Regime,
    pub activite: &'r str,
    pub date_autorisation: Option<IsoDate<'r>>,
    pub date_mise_en_service: Option<IsoDate<'r>>,
    pub last_substantial_modif_date: Option<IsoDate<'r>>,
    pub state: &'r str,
    pub rubrique_acte: &'r str,
    pub alinea_acte: &'r str,
    pub regime_acte: Regime,
    pub volume: &'r str,
    pub unit: &'r str,
    /// The régime cells as written, for the summary.
    raw_regime: &'r str,
    raw_regime_acte: &'r str,
}

impl<'r> Classement<'r> {
    /// The cells of the output row, in the order of the prepared file's header.
    pub fn cells(&self) -> [&'r str; 14] {
        let date = |date: Option<IsoDate<'r>>| date.map_or("", |date| date.text);
        [
            self.s3ic_id,
            self.rubrique,
            self.alinea,
            self.regime.as_str(),
            self.activite,
            date(self.date_autorisation),
            date(self.date_mise_en_service),
            date(self.last_substantial_modif_date),
            self.state,
            self.rubrique_acte,
            self.alinea_acte,
            self.regime_acte.as_str(),
            self.volume,
            self.unit,
        ]
    }

    fn is_47xx(&self) -> bool {
        self.rubrique == RUBRIQUE_47XX
    }

    /// A 47xx classement without its details, which are confidential: only the other two dates stay.
    fn blanked(self) -> Classement<'r> {
        Classement {
            alinea: "",
            regime: Regime::NC,
            activite: "",
            date_autorisation: None,
            rubrique_acte: RUBRIQUE_47XX,
            alinea_acte: "",
            regime_acte: Regime::NC,
            volume: "",
            unit: "",
            ..self
        }
    }
}

/// Reads the raw extract; `None` when it cannot be used (the problems say why).
pub(super) fn read(bytes: &[u8], problems: &mut Problems) -> Option<RawTable> {
    read_table(
        FILE,
        bytes,
        &COLUMNS,
        Header::Named(ExtraColumns::Rejected),
        problems,
    )
}

/// The classements of the published installations, sorted, applying the original's rules in
/// order; `published` maps every code of the raw installations extract to its published index.
pub(super) fn prepare<'r>(
    table: &'r RawTable,
    published: &HashMap<&str, Option<usize>>,
    problems: &mut Problems,
) -> (Vec<Classement<'r>>, ClassementCounts) {
    let mut counts = ClassementCounts {
        rows_read: table.rows.len(),
        ..ClassementCounts::default()
    };
    let (rows, duplicates) = drop_duplicates(table);
    counts.duplicates_dropped = duplicates;
    let mut classements = Vec::with_capacity(rows.len());
    for row in rows {
        let installation = match published.get(table.cell(row, CODE_S3IC)) {
            Some(Some(installation)) => *installation,
            Some(None) => {
                counts.installation_dropped += 1;
                continue;
            }
            None => {
                counts.installation_absent += 1;
                continue;
            }
        };
        // Parsed before the state filter, as the original: a bad cell fails even on a dropped row.
        let Some(classement) = parse(table, row, installation, problems) else {
            continue;
        };
        if classement.state != EN_FONCTIONNEMENT {
            count(&mut counts.state_dropped, classement.state);
            continue;
        }
        let classement = match classement.is_47xx() {
            true => classement.blanked(),
            false => classement,
        };
        check_47xx_blanked(&classement, row, problems);
        classements.push(classement);
    }
    // Keys are computed once: comparing them is cheap, and only they move while sorting.
    classements.sort_by_cached_key(sort_key);
    count_changes(&classements, &mut counts);
    (classements, counts)
}

/// The typed classement, or `None` with a problem per invalid cell.
fn parse<'r>(
    table: &'r RawTable,
    row: &RawRow,
    installation: usize,
    problems: &mut Problems,
) -> Option<Classement<'r>> {
    let cells = RowCells {
        file: FILE,
        columns: &COLUMNS,
        table,
        row,
    };
    let date_autorisation = cells.optional_date(DATE_ACTE, problems);
    let date_mise_en_service = cells.optional_date(DATE_DEBUT, problems);
    let last_substantial_modif_date = cells.optional_date(DATE_MODIFICATION, problems);
    let mut regime = |column: usize| {
        let regime = simple_regime(cells.get(column));
        if regime.is_none() {
            let expected = DETAILED_REGIME_EXPECTED;
            cells.invalid(column, ProblemKind::InvalidValue, expected, problems);
        }
        regime
    };
    let simple = regime(REGIME);
    let simple_acte = regime(REGIME_ACTE);
    let cell = |column: usize| cells.get(column);
    Some(Classement {
        installation,
        s3ic_id: cell(CODE_S3IC),
        rubrique: cell(RUBRIQUE),
        alinea: cell(ALINEA),
        regime: simple?,
        activite: cell(LIBELLE),
        date_autorisation: date_autorisation?,
        date_mise_en_service: date_mise_en_service?,
        last_substantial_modif_date: last_substantial_modif_date?,
        state: cell(ETAT),
        rubrique_acte: cell(RUBRIQUE_ACTE),
        alinea_acte: cell(ALINEA_ACTE),
        regime_acte: simple_acte?,
        volume: cell(QUANTITE),
        unit: cell(UNITE),
        raw_regime: cell(REGIME),
        raw_regime_acte: cell(REGIME_ACTE),
    })
}

/// The original's post-check: a rubrique of the 47 family is only ever published blanked, as `47xx`.
fn check_47xx_blanked(classement: &Classement<'_>, row: &RawRow, problems: &mut Problems) {
    let checks = [
        ("rubrique_envigueur", classement.rubrique),
        ("rubrique_autorisé", classement.rubrique_acte),
    ];
    for (column, rubrique) in checks {
        if rubrique.starts_with("47") && !classement.is_47xx() {
            problems.push(cell_problem(
                FILE,
                row.line,
                column,
                rubrique,
                ProblemKind::Unblanked47xx,
                "rubrique_envigueur 47xx for every rubrique of the 47 family, whose details are confidential",
            ));
        }
    }
}

/// What classements are sorted by.
type SortKey<'r> = (
    usize,
    EmptyLast<Date>,
    EmptyLast<Date>,
    &'static str,
    EmptyLast<&'r str>,
    EmptyLast<&'r str>,
);

/// `s3ic_id, date_autorisation, date_mise_en_service, regime, rubrique, alinea`, empty values last.
///
/// The installation's index stands for `s3ic_id` (installations are sorted by it); régimes
/// compare as text (A, D, E, NC, unknown), as the original sorts their codes.
fn sort_key<'r>(classement: &Classement<'r>) -> SortKey<'r> {
    let date = |date: Option<IsoDate<'_>>| EmptyLast(date.map(|date| date.date));
    (
        classement.installation,
        date(classement.date_autorisation),
        date(classement.date_mise_en_service),
        classement.regime.as_str(),
        EmptyLast(non_empty(classement.rubrique)),
        EmptyLast(non_empty(classement.alinea)),
    )
}

fn count_changes(kept: &[Classement<'_>], counts: &mut ClassementCounts) {
    counts.kept = kept.len();
    for classement in kept {
        if classement.is_47xx() {
            counts.blanked_47xx += 1;
            continue;
        }
        match classement.raw_regime {
            "DC" => counts.regime_dc_to_d += 1,
            "S" | "1" | "2" | "3" => counts.regime_to_unknown += 1,
            _ => {}
        }
        match classement.raw_regime_acte {
            "DC" => counts.regime_acte_dc_to_d += 1,
            "S" | "1" | "2" | "3" => counts.regime_acte_to_unknown += 1,
            _ => {}
        }
    }
}
