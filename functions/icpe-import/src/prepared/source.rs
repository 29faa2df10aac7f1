//! Where the files of an import come from, read only once the import holds its lock.
//!
//! Two imports of different files may run at once (two events, two Lambda instances). Had each
//! read its files before queueing on the lock, the one holding older files could commit last
//! and leave the database older than the bucket. Read under the lock, every import takes what
//! the bucket holds at that moment, and an event is always handled after its object was put:
//! so the last import to commit has read the newest files, whatever the order in which the
//! events arrive and are handled (a stale event then finds files already imported: unchanged).

use super::ImportError;
use super::input::PreparedFile;
use std::future::Future;

/// Why a source could not read its files (its own error, kept whole).
pub type FetchError = Box<dyn std::error::Error + Send + Sync>;

/// What a source holds when the import asks.
#[derive(Debug)]
pub enum Fetched<B> {
    /// These files (name, bytes); `force` when one of them asks to lift the deletion guard.
    Files {
        /// Each file's name (its kind is told by the base name) and content.
        files: Vec<(String, B)>,
        /// Whether the deletion guard is lifted for this import.
        force: bool,
    },
    /// Nothing to import now, and why (e.g. a file waits for its partner).
    Wait(String),
}

/// Files to import, read once the import holds its lock.
pub trait FileSource: Sync {
    /// The content of a file.
    type Bytes: AsRef<[u8]> + Send + Sync;

    /// Reads the files; called once, with the import lock held.
    fn fetch(&self) -> impl Future<Output = Result<Fetched<Self::Bytes>, ImportError>> + Send;
}

/// Files already read (the CLI, the tests): they never wait.
impl<'a> FileSource for [PreparedFile<'a>] {
    type Bytes = &'a [u8];

    async fn fetch(&self) -> Result<Fetched<&'a [u8]>, ImportError> {
        Ok(Fetched::Files {
            files: self
                .iter()
                .map(|file| (file.name.to_string(), file.bytes))
                .collect(),
            force: false,
        })
    }
}
