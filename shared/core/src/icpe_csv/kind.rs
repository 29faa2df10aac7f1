//! The four kinds of prepared CSV files, told by their names, with their exact columns.

use serde::Serialize;
use std::fmt;

/// A kind of prepared CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// `installations_<dataset>.csv`: one row per S3IC installation.
    Installations,
    /// `classements_<dataset>.csv`: the classements of those installations.
    Classements,
    /// `aps_<dataset>.csv`: their arrêtés préfectoraux.
    Aps,
    /// `classement_references.csv`: the nomenclature catalogue.
    ClassementReferences,
}

impl FileKind {
    /// Every kind, in import order.
    pub const ALL: [FileKind; 4] = [
        FileKind::Installations,
        FileKind::Classements,
        FileKind::Aps,
        FileKind::ClassementReferences,
    ];

    /// The header of this kind of file, in the order the data tasks write it.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            FileKind::Installations => &[
                "s3ic_id",
                "num_dep",
                "region",
                "department",
                "city",
                "name",
                "lat",
                "lon",
                "last_inspection",
                "regime",
                "seveso",
                "family",
                "active",
                "code_postal",
                "code_insee",
                "code_naf",
            ],
            FileKind::Classements => &[
                "s3ic_id",
                "rubrique",
                "alinea",
                "regime",
                "activite",
                "date_autorisation",
                "date_mise_en_service",
                "last_substantial_modif_date",
                "state",
                "rubrique_acte",
                "alinea_acte",
                "regime_acte",
                "volume",
                "unit",
            ],
            FileKind::Aps => &[
                "installation_s3ic_id",
                "description",
                "date",
                "georisques_id",
                "ocr_status",
                "size",
            ],
            FileKind::ClassementReferences => &["rubrique", "alinea", "description", "regime"],
        }
    }

    /// What the name of such a file starts with.
    pub fn name_prefix(self) -> &'static str {
        match self {
            FileKind::Installations => "installations_",
            FileKind::Classements => "classements_",
            FileKind::Aps => "aps_",
            FileKind::ClassementReferences => "classement_references",
        }
    }

    /// The file name for a dataset (`installations_idf.csv`; the catalogue has no dataset).
    pub fn file_name(self, dataset: &str) -> String {
        match self {
            FileKind::ClassementReferences => "classement_references.csv".into(),
            kind => format!("{}{dataset}.csv", kind.name_prefix()),
        }
    }

    /// The kind and dataset a file name (or object key, or path) tells:
    /// `misc/installations_idf.csv` → installations of `idf`; `classement_references.csv` → the catalogue.
    pub fn from_file_name(name: &str) -> Option<(FileKind, Option<&str>)> {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let stem = base.strip_suffix(".csv")?;
        if stem == "classement_references" {
            return Some((FileKind::ClassementReferences, None));
        }
        [
            FileKind::Installations,
            FileKind::Classements,
            FileKind::Aps,
        ]
        .into_iter()
        .find_map(|kind| {
            let dataset = stem.strip_prefix(kind.name_prefix())?;
            is_dataset_name(dataset).then_some((kind, Some(dataset)))
        })
    }

    /// Whether a file of this kind with a header and no row is surely a broken export.
    ///
    /// An empty installations file would delete every installation; an empty catalogue would
    /// empty the classement autocomplete. Classements and APs may legitimately be few or none.
    pub fn requires_rows(self) -> bool {
        matches!(
            self,
            FileKind::Installations | FileKind::ClassementReferences
        )
    }
}

/// Dataset names are short lower-case words (`all`, `idf`, `sample`, `sample_rspec`).
fn is_dataset_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileKind::Installations => "installations",
            FileKind::Classements => "classements",
            FileKind::Aps => "aps",
            FileKind::ClassementReferences => "classement_references",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_tell_kind_and_dataset() {
        assert_eq!(
            FileKind::from_file_name("installations_idf.csv"),
            Some((FileKind::Installations, Some("idf")))
        );
        assert_eq!(
            FileKind::from_file_name("misc/classements_sample_rspec.csv"),
            Some((FileKind::Classements, Some("sample_rspec")))
        );
        assert_eq!(
            FileKind::from_file_name("/tmp/x/aps_all.csv"),
            Some((FileKind::Aps, Some("all")))
        );
        assert_eq!(
            FileKind::from_file_name("classement_references.csv"),
            Some((FileKind::ClassementReferences, None))
        );
    }

    #[test]
    fn other_names_are_not_prepared_files() {
        for name in [
            "installations_.csv",
            "installations_idf.json",
            "documents_all.csv",
            "reports/installations_idf.csv.json",
            "installations_IDF.csv",
            "classement_references_old.csv",
        ] {
            assert_eq!(FileKind::from_file_name(name), None, "{name}");
        }
    }

    #[test]
    fn file_names_round_trip() {
        for kind in FileKind::ALL {
            let name = kind.file_name("idf");
            assert_eq!(FileKind::from_file_name(&name).map(|(k, _)| k), Some(kind));
        }
    }
}
