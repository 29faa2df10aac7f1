//! Rows of `installations_<dataset>.csv`.

use super::fields::{InstallationState, Seveso};
use super::file::Row;
use super::ids::S3icId;
use super::kind::FileKind;
use super::problem::Problem;
use super::record::Record;
use crate::classement::Regime;
use crate::date::Date;

/// One public S3IC installation, as the database stores it.
///
/// `num_dep`, `lat`, `lon`, `family`, `code_insee` and `code_naf` are in the files for people
/// and are not kept, as in the original.
#[derive(Debug, Clone, PartialEq)]
pub struct InstallationRecord {
    /// The S3IC id, unique in the file.
    pub s3ic_id: S3icId,
    /// The operator's name (raison sociale).
    pub name: String,
    /// Region name (`ILE DE FRANCE`).
    pub region: Option<String>,
    /// Department name (`SEINE ET MARNE`).
    pub department: Option<String>,
    /// Postal code (`code_postal` in files).
    pub zipcode: Option<String>,
    /// Main town.
    pub city: Option<String>,
    /// Day of the last inspection.
    pub last_inspection: Option<Date>,
    /// The installation's strictest régime.
    pub regime: Option<Regime>,
    /// Seveso status.
    pub seveso: Option<Seveso>,
    /// Activity state (`active` in files).
    pub state: Option<InstallationState>,
}

impl Record for InstallationRecord {
    const KIND: FileKind = FileKind::Installations;

    fn parse(row: &Row<'_>, problems: &mut Vec<Problem>) -> Option<Self> {
        Some(InstallationRecord {
            s3ic_id: row.s3ic_id("s3ic_id", problems),
            name: row.required("name", problems),
            region: row.optional("region"),
            department: row.optional("department"),
            zipcode: row.optional("code_postal"),
            city: row.optional("city"),
            last_inspection: row.date("last_inspection", problems),
            regime: row.regime("regime", &Regime::ALL, false, problems),
            seveso: row.seveso("seveso", problems),
            state: row.installation_state("active", problems),
        })
    }
}
