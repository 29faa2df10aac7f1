//! Which prepared files go together, told by their names.

use envinorma_core::icpe_csv::FileKind;

/// One input file: its name (object key or path; the kind is told by its base name) and bytes.
#[derive(Debug, Clone, Copy)]
pub struct PreparedFile<'a> {
    /// Object key or path, e.g. `misc/installations_all.csv`.
    pub name: &'a str,
    /// Its whole content.
    pub bytes: &'a [u8],
}

/// Input files sorted by kind, all of one dataset.
#[derive(Debug, Clone, Default)]
pub struct FileSet<'a> {
    /// The dataset of the files that have one.
    pub dataset: Option<String>,
    /// `installations_<ds>.csv`.
    pub installations: Option<PreparedFile<'a>>,
    /// `classements_<ds>.csv`.
    pub classements: Option<PreparedFile<'a>>,
    /// `aps_<ds>.csv`.
    pub aps: Option<PreparedFile<'a>>,
    /// `classement_references.csv`.
    pub classement_references: Option<PreparedFile<'a>>,
}

impl<'a> FileSet<'a> {
    /// Sorts files by kind; a message when they cannot go together: an unknown name, two files
    /// of a kind, two datasets, installations without classements or the reverse, no file.
    pub fn sort(files: &[PreparedFile<'a>]) -> Result<FileSet<'a>, String> {
        let mut set = FileSet::default();
        for file in files {
            let Some((kind, dataset)) = FileKind::from_file_name(file.name) else {
                return Err(format!(
                    "{}: not a prepared file name (expected installations_<dataset>.csv, \
                     classements_<dataset>.csv, aps_<dataset>.csv or classement_references.csv)",
                    file.name
                ));
            };
            if let Some(dataset) = dataset {
                match &set.dataset {
                    Some(other) if other != dataset => {
                        return Err(format!("files of two datasets: {other} and {dataset}"));
                    }
                    _ => set.dataset = Some(dataset.to_string()),
                }
            }
            let slot = set.slot(kind);
            if let Some(previous) = slot {
                return Err(format!(
                    "two {kind} files: {} and {}",
                    previous.name, file.name
                ));
            }
            *slot = Some(*file);
        }
        match (&set.installations, &set.classements) {
            (Some(file), None) | (None, Some(file)) => {
                let (missing, dataset) = (
                    if set.installations.is_some() {
                        FileKind::Classements
                    } else {
                        FileKind::Installations
                    },
                    set.dataset.as_deref().unwrap_or_default(),
                );
                return Err(format!(
                    "{} needs {}: installations and classements are imported together",
                    file.name,
                    missing.file_name(dataset)
                ));
            }
            _ => {}
        }
        if files.is_empty() {
            return Err("no file to import".into());
        }
        Ok(set)
    }

    fn slot(&mut self, kind: FileKind) -> &mut Option<PreparedFile<'a>> {
        match kind {
            FileKind::Installations => &mut self.installations,
            FileKind::Classements => &mut self.classements,
            FileKind::Aps => &mut self.aps,
            FileKind::ClassementReferences => &mut self.classement_references,
        }
    }

    /// The files present, in import order.
    pub fn files(&self) -> Vec<(FileKind, PreparedFile<'a>)> {
        [
            (FileKind::Installations, self.installations),
            (FileKind::Classements, self.classements),
            (FileKind::Aps, self.aps),
            (FileKind::ClassementReferences, self.classement_references),
        ]
        .into_iter()
        .filter_map(|(kind, file)| Some((kind, file?)))
        .collect()
    }
}

/// What to do when a file lands in the bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Fetch these keys and import them together.
    Import(Vec<String>),
    /// Not everything needed is there yet (the partner file will trigger the run).
    Wait(String),
    /// Not for this deployment, or not a prepared file.
    Ignore(String),
}

/// The files to import when `arrived` lands next to `present` (keys of the same folder,
/// `arrived` included or not), for the dataset this deployment imports.
pub fn plan(arrived: &str, present: &[&str], dataset: &str) -> Plan {
    let Some((kind, arrived_dataset)) = FileKind::from_file_name(arrived) else {
        return Plan::Ignore(format!("{arrived} is not a prepared file"));
    };
    if let Some(other) = arrived_dataset.filter(|d| *d != dataset) {
        return Plan::Ignore(format!(
            "{arrived}: dataset {other} is not imported (ICPE_DATASET={dataset})"
        ));
    }
    let folder = arrived.rsplit_once('/').map_or("", |(folder, _)| folder);
    let key = |kind: FileKind| {
        let name = kind.file_name(dataset);
        if folder.is_empty() {
            name
        } else {
            format!("{folder}/{name}")
        }
    };
    let is_present = |key: &str| key == arrived || present.contains(&key);
    match kind {
        FileKind::ClassementReferences | FileKind::Aps => Plan::Import(vec![arrived.to_string()]),
        FileKind::Installations | FileKind::Classements => {
            let (installations, classements, aps) = (
                key(FileKind::Installations),
                key(FileKind::Classements),
                key(FileKind::Aps),
            );
            let partner = if kind == FileKind::Installations {
                &classements
            } else {
                &installations
            };
            if !is_present(partner) {
                return Plan::Wait(format!("{arrived} waits for {partner}"));
            }
            let mut keys = vec![installations, classements];
            if is_present(&aps) {
                keys.push(aps);
            }
            Plan::Import(keys)
        }
    }
}

/// Why installations and classements must not be imported yet: `arrived` was written by a
/// transform run and its partner by another run, or by hand (`runs` gives each fetched key's
/// run id, `None` for a file an editor dropped by hand). The transform writes the classements,
/// then the installations: its pair is imported once, when both are there, never mixed with the
/// files of another run. A file dropped by hand imports with whatever partner is there, as an
/// editor replacing one file means.
pub fn waits_for_its_run(arrived: &str, runs: &[(&str, Option<&str>)]) -> Option<String> {
    let is_pair = |key: &str| {
        matches!(
            FileKind::from_file_name(key),
            Some((FileKind::Installations | FileKind::Classements, _))
        )
    };
    if !is_pair(arrived) {
        return None;
    }
    let run = runs.iter().find(|(key, _)| *key == arrived)?.1?;
    let (partner, _) = runs
        .iter()
        .find(|(key, other)| *key != arrived && is_pair(key) && *other != Some(run))?;
    Some(format!(
        "{arrived} (transform run {run}) waits for the {partner} of the same run"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &'static str) -> PreparedFile<'static> {
        PreparedFile { name, bytes: b"" }
    }

    #[test]
    fn files_of_one_dataset_are_sorted_by_kind() {
        let files = [
            file("misc/aps_idf.csv"),
            file("classements_idf.csv"),
            file("installations_idf.csv"),
        ];
        let set = FileSet::sort(&files).unwrap();
        assert_eq!(set.dataset.as_deref(), Some("idf"));
        let kinds: Vec<FileKind> = set.files().into_iter().map(|(k, _)| k).collect();
        assert_eq!(
            kinds,
            [
                FileKind::Installations,
                FileKind::Classements,
                FileKind::Aps
            ]
        );
    }

    #[test]
    fn installations_without_classements_are_refused_with_the_missing_name() {
        let error = FileSet::sort(&[file("installations_all.csv")]).unwrap_err();
        assert!(error.contains("classements_all.csv"), "{error}");
    }

    #[test]
    fn two_datasets_two_files_of_a_kind_and_unknown_names_are_refused() {
        assert!(
            FileSet::sort(&[
                file("aps_idf.csv"),
                file("installations_all.csv"),
                file("classements_all.csv")
            ])
            .is_err()
        );
        assert!(FileSet::sort(&[file("aps_idf.csv"), file("x/aps_idf.csv")]).is_err());
        assert!(FileSet::sort(&[file("documents_all.csv")]).is_err());
        assert!(FileSet::sort(&[]).is_err());
    }

    #[test]
    fn an_installations_file_waits_for_its_classements_then_brings_the_aps_along() {
        assert_eq!(
            plan("misc/installations_all.csv", &[], "all"),
            Plan::Wait("misc/installations_all.csv waits for misc/classements_all.csv".into())
        );
        assert_eq!(
            plan(
                "misc/classements_all.csv",
                &["misc/installations_all.csv", "misc/aps_all.csv"],
                "all"
            ),
            Plan::Import(vec![
                "misc/installations_all.csv".into(),
                "misc/classements_all.csv".into(),
                "misc/aps_all.csv".into()
            ])
        );
    }

    #[test]
    fn aps_and_the_catalogue_import_alone_and_other_datasets_are_ignored() {
        assert_eq!(
            plan("aps_all.csv", &["installations_all.csv"], "all"),
            Plan::Import(vec!["aps_all.csv".into()])
        );
        assert_eq!(
            plan("classement_references.csv", &[], "all"),
            Plan::Import(vec!["classement_references.csv".into()])
        );
        assert!(matches!(
            plan("installations_idf.csv", &["classements_idf.csv"], "all"),
            Plan::Ignore(_)
        ));
        assert!(matches!(
            plan("reports/x.json", &[], "all"),
            Plan::Ignore(_)
        ));
    }

    #[test]
    fn a_file_of_a_transform_run_waits_for_its_partner_of_the_same_run() {
        let (installations, classements) =
            ("misc/installations_all.csv", "misc/classements_all.csv");
        // The partner is of another run, or dropped by hand: either way not of this run.
        for partner_run in [Some("r1"), None] {
            assert_eq!(
                waits_for_its_run(
                    classements,
                    &[(installations, partner_run), (classements, Some("r2"))]
                ),
                Some(
                    "misc/classements_all.csv (transform run r2) waits for the \
                     misc/installations_all.csv of the same run"
                        .into()
                ),
                "partner of run {partner_run:?}"
            );
        }
        assert_eq!(
            waits_for_its_run(
                installations,
                &[
                    (installations, Some("r2")),
                    (classements, Some("r2")),
                    ("misc/aps_all.csv", None)
                ]
            ),
            None
        );
    }

    #[test]
    fn files_dropped_by_hand_and_lone_files_never_wait_for_a_run() {
        let (installations, classements) = ("installations_all.csv", "classements_all.csv");
        assert_eq!(
            waits_for_its_run(installations, &[(installations, None), (classements, None)]),
            None
        );
        assert_eq!(
            waits_for_its_run(
                installations,
                &[(installations, None), (classements, Some("r1"))]
            ),
            None
        );
        assert_eq!(
            waits_for_its_run("aps_all.csv", &[("aps_all.csv", Some("r1"))]),
            None
        );
    }
}
