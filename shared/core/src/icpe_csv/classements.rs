//! Rows of `classements_<dataset>.csv`.

use super::file::Row;
use super::ids::S3icId;
use super::kind::FileKind;
use super::problem::{Problem, Rule};
use super::record::Record;
use crate::classement::{ClassementDetails, Regime, Volume};
use crate::date::Date;

/// One classement of a public installation. Identical rows are legitimate (174 in the IDF data).
#[derive(Debug, Clone, PartialEq)]
pub struct ClassementRecord {
    /// The installation it belongs to.
    pub s3ic_id: S3icId,
    pub details: ClassementDetails,
    /// Day of the last substantial change (checked, not stored, as in the original).
    pub last_substantial_modif_date: Option<Date>,
}

impl Record for ClassementRecord {
    const KIND: FileKind = FileKind::Classements;

    fn parse(row: &Row<'_>, problems: &mut Vec<Problem>) -> Option<Self> {
        let volume = Volume::from_csv(row.text("volume"), row.text("unit"));
        if !volume.is_valid() {
            problems.push(row.problem(
                "volume",
                volume.stored().unwrap_or_default(),
                Rule::Volume,
                "the volume must start with a positive number, then a space and the unit (« doit démarrer par un chiffre »)",
            ));
        }
        // Every field is read before any is given up on, so the row reports all its problems.
        let s3ic_id = row.s3ic_id("s3ic_id", problems);
        let rubrique = row.required("rubrique", problems);
        let regime = row.regime("regime", &Regime::ALL, true, problems);
        let regime_acte = row.regime("regime_acte", &Regime::ALL, false, problems);
        let date_autorisation = row.date("date_autorisation", problems);
        let date_mise_en_service = row.date("date_mise_en_service", problems);
        let last_substantial_modif_date = row.date("last_substantial_modif_date", problems);
        Some(ClassementRecord {
            s3ic_id,
            details: ClassementDetails {
                rubrique,
                regime: regime?,
                alinea: row.optional("alinea"),
                rubrique_acte: row.optional("rubrique_acte"),
                regime_acte,
                alinea_acte: row.optional("alinea_acte"),
                activite: row.optional("activite"),
                date_autorisation,
                date_mise_en_service,
                volume,
            },
            last_substantial_modif_date,
        })
    }
}
