//! Rows of `classement_references.csv`, the nomenclature catalogue.

use super::file::Row;
use super::kind::FileKind;
use super::problem::Problem;
use super::record::Record;
use crate::classement::Regime;

/// The régimes a nomenclature line can have (never `unknown`).
pub const REFERENCE_REGIMES: [Regime; 4] = [Regime::A, Regime::E, Regime::D, Regime::NC];

/// One line of the nomenclature: a rubrique, an alinéa and the régime it implies.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassementReferenceRecord {
    /// Rubrique (`1185`).
    pub rubrique: String,
    /// Régime.
    pub regime: Regime,
    /// Alinéa (`1-a`); blank for rubriques without alinéas.
    pub alinea: Option<String>,
    /// What the line covers, shown in the autocomplete.
    pub description: Option<String>,
}

impl Record for ClassementReferenceRecord {
    const KIND: FileKind = FileKind::ClassementReferences;

    fn parse(row: &Row<'_>, problems: &mut Vec<Problem>) -> Option<Self> {
        let rubrique = row.required("rubrique", problems);
        let regime = row.regime("regime", &REFERENCE_REGIMES, true, problems);
        Some(ClassementReferenceRecord {
            rubrique,
            regime: regime?,
            alinea: row.optional("alinea"),
            description: row.optional("description"),
        })
    }
}
