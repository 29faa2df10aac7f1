//! Counts per rule of one transform run, for the JSON report and the one-line log.

use serde::Serialize;
use std::collections::BTreeMap;

/// How many rows each rule read, dropped, changed and kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct S3icSummary {
    /// Rules on `s3ic-liste-etablissements.csv`.
    pub installations: InstallationCounts,
    /// Rules on `sic-liste-rubriques.csv`.
    pub classements: ClassementCounts,
    /// Rows written per dataset (`all`, `idf`, `sample`).
    pub datasets: Vec<DatasetCounts>,
}

/// Rows of the installations extract, per rule, in the order the rules run.
///
/// `rows_read` = `duplicates_dropped` + Σ`regime_dropped` + `missing_code_dropped`
/// + `older_rows_dropped` + Σ`inactive_dropped` + `kept`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct InstallationCounts {
    /// Data rows in the file.
    pub rows_read: usize,
    /// Exact copies of an earlier row.
    pub duplicates_dropped: usize,
    /// Rows whose régime is not A, E, S or 2, by régime (`""` for an empty cell).
    pub regime_dropped: BTreeMap<String, usize>,
    /// Rows without `code_s3ic` (pandas' `groupby` leaves them out).
    pub missing_code_dropped: usize,
    /// Rows replaced by a later row of the same installation.
    pub older_rows_dropped: usize,
    /// Installations neither running nor under construction, by état (`""` for an empty cell).
    pub inactive_dropped: BTreeMap<String, usize>,
    /// Installations written to `installations_all.csv`.
    pub kept: usize,
    /// Kept installations whose régime S was written A.
    pub regime_s_to_a: usize,
    /// Kept installations whose régime 2 was written A.
    pub regime_2_to_a: usize,
    /// Kept installations whose seveso SSH was written SH.
    pub seveso_ssh_to_sh: usize,
    /// Kept installations whose seveso SSB was written SB.
    pub seveso_ssb_to_sb: usize,
}

/// Rows of the classements extract, per rule, in the order the rules run.
///
/// `rows_read` = `duplicates_dropped` + `installation_dropped` + `installation_absent`
/// + Σ`state_dropped` + `kept`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ClassementCounts {
    /// Data rows in the file.
    pub rows_read: usize,
    /// Exact copies of an earlier row (compared before any blanking).
    pub duplicates_dropped: usize,
    /// Rows of an installation of the installations extract that was not kept.
    pub installation_dropped: usize,
    /// Rows of an installation absent from the installations extract.
    pub installation_absent: usize,
    /// Rows whose `état_technique` is not `En fonctionnement`, by état (`""` for an empty cell).
    pub state_dropped: BTreeMap<String, usize>,
    /// Classements written to `classements_all.csv`.
    pub kept: usize,
    /// Kept 47xx rows whose details were blanked.
    pub blanked_47xx: usize,
    /// Kept non-47xx rows whose `régime_envigueur` DC was written D.
    pub regime_dc_to_d: usize,
    /// Kept non-47xx rows whose `régime_envigueur` S, 1, 2 or 3 was written `unknown`.
    pub regime_to_unknown: usize,
    /// Kept non-47xx rows whose `régime_autorisé` DC was written D.
    pub regime_acte_dc_to_d: usize,
    /// Kept non-47xx rows whose `régime_autorisé` S, 1, 2 or 3 was written `unknown`.
    pub regime_acte_to_unknown: usize,
}

/// Rows written for one dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatasetCounts {
    /// `all`, `idf` or `sample`.
    pub dataset: &'static str,
    /// Rows of `installations_<dataset>.csv`.
    pub installations: usize,
    /// Rows of `classements_<dataset>.csv`.
    pub classements: usize,
}

/// Adds one to the count of `key`, allocating the key only the first time it is seen.
pub(super) fn count(counts: &mut BTreeMap<String, usize>, key: &str) {
    match counts.get_mut(key) {
        Some(count) => *count += 1,
        None => {
            counts.insert(key.to_string(), 1);
        }
    }
}
