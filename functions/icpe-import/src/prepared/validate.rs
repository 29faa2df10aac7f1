//! The whole input checked before the database is touched.

use super::input::FileSet;
use super::report::ImportReport;
use envinorma_core::icpe_csv::{
    Checked, CsvFile, FileKind, KnownInstallations, Problems, S3icId, check_aps,
    check_classement_references, check_classements_visiting, check_installations,
};
use envinorma_db::icpe::ClassementDigests;
use std::collections::HashSet;

/// The opened files of a set whose checks that need no database passed or were recorded.
pub(crate) struct Opened<'a> {
    /// The installations file and its S3IC ids.
    pub installations: Option<(CsvFile<'a>, HashSet<S3icId>)>,
    pub classements: Option<CsvFile<'a>>,
    /// The digests of the classements file, taken on the way.
    pub classement_digests: ClassementDigests,
    pub aps: Option<CsvFile<'a>>,
    pub classement_references: Option<CsvFile<'a>>,
}

/// Opens and checks every file; APs imported alone are checked later, against the database.
pub(crate) fn validate<'a>(
    set: &FileSet<'a>,
    problems: &mut Problems,
    report: &mut ImportReport,
) -> Opened<'a> {
    let mut open = |kind: FileKind| {
        let file = match kind {
            FileKind::Installations => set.installations,
            FileKind::Classements => set.classements,
            FileKind::Aps => set.aps,
            FileKind::ClassementReferences => set.classement_references,
        }?;
        match CsvFile::open(kind, file.name, file.bytes) {
            Ok(csv) => Some(csv),
            Err(file_problems) => {
                report.table(kind, file.name);
                file_problems.into_iter().for_each(|p| problems.push(p));
                None
            }
        }
    };
    let installations = open(FileKind::Installations);
    let classements = open(FileKind::Classements);
    let aps = open(FileKind::Aps);
    let classement_references = open(FileKind::ClassementReferences);
    let installations = installations.map(|file| {
        let (checked, ids) = check_installations(&file, problems);
        record(report, &file, checked);
        (file, ids)
    });
    let mut classement_digests = ClassementDigests::new();
    if let Some((installations_file, ids)) = &installations {
        let known = KnownInstallations {
            ids,
            source: installations_file.name(),
        };
        if let Some(file) = &classements {
            let checked = check_classements_visiting(file, known, problems, |record| {
                classement_digests.add(record);
            });
            record(report, file, checked);
        }
        if let Some(file) = &aps {
            record(report, file, check_aps(file, known, problems));
        }
    }
    if let Some(file) = &classement_references {
        record(report, file, check_classement_references(file, problems));
    }
    Opened {
        installations,
        classements,
        classement_digests,
        aps,
        classement_references,
    }
}

/// Checks APs imported alone against the public installations of the database.
pub(crate) fn validate_aps_against(
    file: &CsvFile<'_>,
    ids: &HashSet<S3icId>,
    problems: &mut Problems,
    report: &mut ImportReport,
) {
    let known = KnownInstallations {
        ids,
        source: "the database (public installations)",
    };
    record(report, file, check_aps(file, known, problems));
}

/// Records read and rejected counts of a checked file.
pub(crate) fn record(report: &mut ImportReport, file: &CsvFile<'_>, checked: Checked) {
    let table = report.table(file.kind(), file.name());
    table.read = checked.rows;
    table.rejected = checked.rejected;
}
