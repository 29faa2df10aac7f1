//! Reading the published archive (a zip, or a folder on the command line): entries sorted into
//! AM files, harmless extras and refusals, and never more read than the limits allow.

use crate::report::{FileProblem, IgnoredEntry};
use envinorma_core::am::is_cid;
use std::io::{Cursor, Read};

/// The archive itself cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{archive}: not a readable zip archive ({source})")]
pub struct ArchiveError {
    pub archive: String,
    #[source]
    pub source: zip::result::ZipError,
}

/// How much an archive may hold. Only the bytes actually decompressed count: a zip's headers
/// declare sizes that nothing forces to be true.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArchiveLimits {
    /// Entries of the archive, AM files or not.
    pub max_entries: usize,
    /// Bytes of one AM file.
    pub max_entry_bytes: u64,
    /// Bytes of all the AM files together.
    pub max_total_bytes: u64,
}

impl Default for ArchiveLimits {
    /// The published archive holds 216 AMs, 41 MB of JSON, the largest AM 1 MB. An AM sixteen
    /// times the largest is still a text; ten times as many AMs is far beyond the AMs in force.
    /// The total bounds memory: the function holds the JSON and the parsed AMs together, about
    /// 2.3 times the JSON (peak RSS 94 MB for today's 41 MB), so 256 MiB of JSON stays within a
    /// 1 GB Lambda.
    fn default() -> ArchiveLimits {
        ArchiveLimits {
            max_entries: 2_048,
            max_entry_bytes: 16 << 20,
            max_total_bytes: 256 << 20,
        }
    }
}

/// What an archive holds, sorted out before anything is parsed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AmArchive {
    /// The `<CID>.json` files as (name without folders, content).
    pub files: Vec<(String, Vec<u8>)>,
    /// Entries that are no AM and harm nothing (folders, macOS metadata, a README).
    pub ignored: Vec<IgnoredEntry>,
    /// Entries refused (a name that is not `<CID>.json`, a limit passed, unreadable bytes):
    /// any of them leaves the database unchanged.
    pub problems: Vec<FileProblem>,
}

impl AmArchive {
    /// An archive of these AM files only (as tests and callers holding files build it).
    pub fn of_files(files: Vec<(String, Vec<u8>)>) -> AmArchive {
        AmArchive {
            files,
            ..AmArchive::default()
        }
    }
}

/// What one entry of an archive is, told by its name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum EntryKind {
    /// An AM file, by its name without folders.
    Am(String),
    /// Harmless, and why.
    Ignored(&'static str),
    /// Neither: a name that looks like an AM file but is not exactly `<CID>.json` (`X.JSON`)
    /// would otherwise vanish, and its AM be deleted.
    Refused,
}

fn kind_of(entry: &str, is_folder: bool) -> EntryKind {
    let name = entry
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    if is_folder {
        EntryKind::Ignored("a folder")
    } else if entry.split('/').any(|part| part == "__MACOSX") {
        EntryKind::Ignored("macOS archive metadata")
    } else if name == ".DS_Store" {
        EntryKind::Ignored("macOS folder metadata")
    } else if name
        .split('.')
        .next()
        .is_some_and(|stem| stem.eq_ignore_ascii_case("readme"))
    {
        EntryKind::Ignored("a README")
    } else if name.strip_suffix(".json").is_some_and(is_cid) {
        EntryKind::Am(name.to_string())
    } else {
        EntryKind::Refused
    }
}

/// Sorts the entries of one archive, zip or folder alike, counting what is read against the
/// limits; after a limit is passed nothing more is read.
pub struct ArchiveReader {
    limits: ArchiveLimits,
    total_bytes: u64,
    stopped: bool,
    archive: AmArchive,
}

impl ArchiveReader {
    /// A reader of the archive `name` of `entries` entries: too many, and it reads none.
    pub fn new(name: &str, entries: usize, limits: ArchiveLimits) -> ArchiveReader {
        let mut reader = ArchiveReader {
            limits,
            total_bytes: 0,
            stopped: false,
            archive: AmArchive::default(),
        };
        if entries > limits.max_entries {
            reader.refuse(
                name,
                format!(
                    "{entries} entries, more than the {} an AM archive may hold: nothing read",
                    limits.max_entries
                ),
            );
        }
        reader
    }

    /// False once the archive is refused for a limit: the caller reads no further entry.
    pub fn wants_more(&self) -> bool {
        !self.stopped
    }

    /// Takes one entry: its content is read only when it is an AM file, and never past the limits.
    pub fn add(&mut self, entry: &str, is_folder: bool, content: impl Read) {
        if self.stopped {
            return;
        }
        let name = match kind_of(entry, is_folder) {
            EntryKind::Ignored(why) => {
                self.archive.ignored.push(IgnoredEntry {
                    entry: entry.to_string(),
                    why: why.to_string(),
                });
                return;
            }
            EntryKind::Refused => {
                self.archive.problems.push(FileProblem {
                    file: entry.to_string(),
                    problem: "not an AM file: AM files are named <CID>.json (JORFTEXT or LEGITEXT, 12 digits, then .json in lower case)".into(),
                });
                return;
            }
            EntryKind::Am(name) => name,
        };
        let entry_limit = self
            .limits
            .max_entry_bytes
            .min(self.limits.max_total_bytes.saturating_sub(self.total_bytes));
        // One byte past the limit tells an entry over it from one exactly at it, and nothing
        // is allocated from the size a header declares.
        let mut bytes = Vec::new();
        if let Err(error) = content.take(entry_limit + 1).read_to_end(&mut bytes) {
            self.refuse(entry, format!("cannot be read ({error})"));
            return;
        }
        let read = bytes.len() as u64;
        if read > self.limits.max_entry_bytes {
            self.refuse(
                entry,
                format!(
                    "more than {} bytes once decompressed, the limit of one AM file (the largest published AM is 1 MB): a zip bomb? Nothing read further",
                    self.limits.max_entry_bytes
                ),
            );
        } else if read > entry_limit {
            self.refuse(
                entry,
                format!(
                    "the AM files reach more than {} bytes once decompressed with this one, the limit of an archive (the published one holds 41 MB): nothing read further",
                    self.limits.max_total_bytes
                ),
            );
        } else {
            self.total_bytes += read;
            self.archive.files.push((name, bytes));
        }
    }

    /// Entries that stop the reading: the archive is refused whatever the others hold.
    fn refuse(&mut self, entry: &str, problem: String) {
        self.stopped = true;
        self.archive.problems.push(FileProblem {
            file: entry.to_string(),
            problem,
        });
    }

    /// What the archive holds.
    pub fn finish(self) -> AmArchive {
        self.archive
    }
}

/// The entries of a zip archive, sorted and read within `limits`.
pub fn read_zip(
    archive: &str,
    bytes: &[u8],
    limits: ArchiveLimits,
) -> Result<AmArchive, ArchiveError> {
    let error = |source| ArchiveError {
        archive: archive.to_string(),
        source,
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(error)?;
    let mut reader = ArchiveReader::new(archive, zip.len(), limits);
    for index in 0..zip.len() {
        if !reader.wants_more() {
            break;
        }
        let file = zip.by_index(index).map_err(error)?;
        let name = file.name().map_err(error)?.into_owned();
        let is_folder = file.is_dir();
        reader.add(&name, is_folder, file);
    }
    Ok(reader.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_exact_cid_json_names_are_am_files() {
        let am = |name: &str| EntryKind::Am(name.to_string());
        assert_eq!(
            kind_of("JORFTEXT000034429274.json", false),
            am("JORFTEXT000034429274.json")
        );
        assert_eq!(
            kind_of("ams/LEGITEXT000006074852.json", false),
            am("LEGITEXT000006074852.json")
        );
        for refused in [
            "X.JSON",
            "foo.json",
            "JORFTEXT000034429274.Json",
            "JORFTEXT000034429274.JSON",
            "JORFTEXT00003442927.json",
            "jorftext000034429274.json",
            "JORFTEXT000034429274.json.gz",
            "notes.txt",
            "._JORFTEXT000034429274.json",
        ] {
            assert_eq!(kind_of(refused, false), EntryKind::Refused, "{refused}");
        }
    }

    #[test]
    fn folders_macos_metadata_and_readmes_are_ignored() {
        for (entry, is_folder, why) in [
            ("ams/", true, "a folder"),
            ("__MACOSX/", true, "a folder"),
            (
                "__MACOSX/._JORFTEXT000034429274.json",
                false,
                "macOS archive metadata",
            ),
            (".DS_Store", false, "macOS folder metadata"),
            ("ams/.DS_Store", false, "macOS folder metadata"),
            ("README", false, "a README"),
            ("README.md", false, "a README"),
            ("readme.txt", false, "a README"),
        ] {
            assert_eq!(
                kind_of(entry, is_folder),
                EntryKind::Ignored(why),
                "{entry}"
            );
        }
    }

    const LIMITS: ArchiveLimits = ArchiveLimits {
        max_entries: 3,
        max_entry_bytes: 10,
        max_total_bytes: 15,
    };

    #[test]
    fn an_entry_at_the_limit_is_read_and_one_byte_more_is_refused() {
        let limits = ArchiveLimits {
            max_total_bytes: 100,
            ..LIMITS
        };
        let mut reader = ArchiveReader::new("a.zip", 2, limits);
        reader.add("JORFTEXT000000000001.json", false, &[b'x'; 10][..]);
        assert!(reader.wants_more());
        reader.add("JORFTEXT000000000002.json", false, &[b'x'; 11][..]);
        assert!(!reader.wants_more());
        let archive = reader.finish();
        assert_eq!(archive.files.len(), 1);
        assert_eq!(
            archive.problems,
            [FileProblem {
                file: "JORFTEXT000000000002.json".into(),
                problem: "more than 10 bytes once decompressed, the limit of one AM file (the largest published AM is 1 MB): a zip bomb? Nothing read further".into(),
            }]
        );
    }

    #[test]
    fn the_total_is_counted_over_the_am_files_and_stops_the_reading() {
        let mut reader = ArchiveReader::new("a.zip", 3, LIMITS);
        reader.add("JORFTEXT000000000001.json", false, &[b'x'; 10][..]);
        reader.add("README.md", false, &[b'x'; 100][..]);
        reader.add("JORFTEXT000000000002.json", false, &[b'x'; 6][..]);
        reader.add("JORFTEXT000000000003.json", false, &[b'x'; 1][..]);
        let archive = reader.finish();
        assert_eq!(archive.files.len(), 1);
        assert_eq!(archive.ignored.len(), 1);
        assert_eq!(
            archive.problems,
            [FileProblem {
                file: "JORFTEXT000000000002.json".into(),
                problem: "the AM files reach more than 15 bytes once decompressed with this one, the limit of an archive (the published one holds 41 MB): nothing read further".into(),
            }]
        );
    }

    #[test]
    fn too_many_entries_are_refused_before_any_is_read() {
        let mut reader = ArchiveReader::new("a.zip", 4, LIMITS);
        assert!(!reader.wants_more());
        reader.add("JORFTEXT000000000001.json", false, &b"{}"[..]);
        let archive = reader.finish();
        assert!(archive.files.is_empty());
        assert_eq!(
            archive.problems,
            [FileProblem {
                file: "a.zip".into(),
                problem: "4 entries, more than the 3 an AM archive may hold: nothing read".into(),
            }]
        );
    }
}
