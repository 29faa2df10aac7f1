//! Rows of `classements_<dataset>.csv`.

use super::file::Row;
use super::ids::S3icId;
use super::kind::FileKind;
use super::problem::{Problem, Rule};
use super::record::Record;
use crate::classement::{Classement, Regime, Volume};
use crate::date::Date;

/// One classement of a public installation.
///
/// Rubriques are kept as written: most are 4 digits, but `47xx` (blanked Seveso substances)
/// and 3-digit codes are real. Identical rows are legitimate (174 in the IDF data).
#[derive(Debug, Clone, PartialEq)]
pub struct ClassementRecord {
    /// The installation it belongs to.
    pub s3ic_id: S3icId,
    /// Estimated current rubrique.
    pub rubrique: String,
    /// Estimated current régime.
    pub regime: Regime,
    /// Estimated current alinéa, verbatim (`1`, `2-a`, `#`, `Nota`).
    pub alinea: Option<String>,
    /// Rubrique in the administrative act.
    pub rubrique_acte: Option<String>,
    /// Régime in the administrative act.
    pub regime_acte: Option<Regime>,
    /// Alinéa in the administrative act.
    pub alinea_acte: Option<String>,
    /// Short label of the activity.
    pub activite: Option<String>,
    /// Day of the act (autorisation, enregistrement or déclaration).
    pub date_autorisation: Option<Date>,
    /// Day the activity started.
    pub date_mise_en_service: Option<Date>,
    /// Day of the last substantial change (checked, not stored, as in the original).
    pub last_substantial_modif_date: Option<Date>,
    /// Quantity and unit, stored as `"<volume> <unit>"`.
    pub volume: Volume,
}

impl ClassementRecord {
    /// The classement the AM engine works on.
    pub fn classement(&self) -> Classement {
        Classement {
            rubrique: Some(self.rubrique.clone()),
            regime: self.regime,
            alinea: self.alinea.clone(),
            date_autorisation: self.date_autorisation,
            date_mise_en_service: self.date_mise_en_service,
            volume: self.volume.clone(),
        }
    }
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
            rubrique,
            regime: regime?,
            alinea: row.optional("alinea"),
            rubrique_acte: row.optional("rubrique_acte"),
            regime_acte,
            alinea_acte: row.optional("alinea_acte"),
            activite: row.optional("activite"),
            date_autorisation,
            date_mise_en_service,
            last_substantial_modif_date,
            volume,
        })
    }
}
