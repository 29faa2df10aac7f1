//! The Géorisques dump as downloaded: a tar.gz from outside, of which two members are read.

use super::error::GeorisquesError;
use flate2::read::GzDecoder;
use std::cell::Cell;
use std::io::{self, Read};

/// The documents of every installation (`id_document;code_s3ic;type_id_document;nom;url_document;date_document`).
pub const DOCUMENTS_MEMBER: &str = "IC_documents.csv";

/// The names of the document types (`id;type`).
pub const TYPES_MEMBER: &str = "IC_types_document.csv";

/// How much the archive may unpack to: a few kilobytes of gzip can unpack to gigabytes, and the
/// dump is not ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DumpLimits {
    /// Bytes of the uncompressed tar stream read, headers and skipped members included.
    pub uncompressed_bytes: u64,
    /// Entries of the archive read.
    pub entries: u64,
}

impl Default for DumpLimits {
    /// 1 GiB and 10,000 entries: room for the national dump, a bound on a crafted one.
    fn default() -> Self {
        DumpLimits {
            uncompressed_bytes: 1 << 30,
            entries: 10_000,
        }
    }
}

/// The most memory taken for a member before it is read.
const MAX_PREALLOCATED_BYTES: u64 = 64 << 20;

/// The two members read from the archive.
#[derive(Debug)]
pub(super) struct Members {
    pub documents: Vec<u8>,
    pub types: Vec<u8>,
}

/// Reads the two members at the root of the archive, stopping once both are read (the rest of
/// the dump is not needed). The first copy of a member wins.
pub(super) fn unpack(archive: &[u8], limits: DumpLimits) -> Result<Members, GeorisquesError> {
    let unpacked = Cell::new(0);
    let bounded = Bounded {
        inner: GzDecoder::new(archive),
        unpacked: &unpacked,
        limit: limits.uncompressed_bytes,
    };
    // The bound is checked on the bytes read, whatever the tar reader does with them (it reads
    // a long name or extended header whole, whatever size its header claims).
    let failure = |file: &str, error: io::Error| {
        if unpacked.get() > limits.uncompressed_bytes {
            GeorisquesError::TooLarge {
                file: file.to_string(),
                limit: limits.uncompressed_bytes,
            }
        } else {
            GeorisquesError::Unreadable {
                file: file.to_string(),
                reason: error.to_string(),
            }
        }
    };
    let mut tar = tar::Archive::new(bounded);
    let (mut documents, mut types) = (None, None);
    let entries = tar.entries().map_err(|e| failure(DUMP_FILE, e))?;
    for (index, entry) in (0u64..).zip(entries) {
        let mut entry = entry.map_err(|e| failure(DUMP_FILE, e))?;
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        if index >= limits.entries {
            return Err(GeorisquesError::TooManyEntries {
                file: name,
                limit: limits.entries,
            });
        }
        // Refused on its header's word, before anything is unpacked.
        if unpacked.get().saturating_add(entry.size()) > limits.uncompressed_bytes {
            return Err(GeorisquesError::TooLarge {
                file: name,
                limit: limits.uncompressed_bytes,
            });
        }
        let slot = match member(&name) {
            Some(DOCUMENTS_MEMBER) if entry.header().entry_type().is_file() => &mut documents,
            Some(TYPES_MEMBER) if entry.header().entry_type().is_file() => &mut types,
            _ => continue,
        };
        if slot.is_some() {
            continue;
        }
        // Sized from the header to spare reallocations, up to a cap: a crafted header could
        // claim the whole bound, and memory would be taken before any byte is read.
        let capacity = entry.size().min(MAX_PREALLOCATED_BYTES);
        let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
        entry
            .read_to_end(&mut bytes)
            .map_err(|e| failure(&name, e))?;
        *slot = Some(bytes);
        if documents.is_some() && types.is_some() {
            break;
        }
    }
    Ok(Members {
        documents: documents.ok_or(GeorisquesError::MissingMember(DOCUMENTS_MEMBER))?,
        types: types.ok_or(GeorisquesError::MissingMember(TYPES_MEMBER))?,
    })
}

/// The name the original gave the downloaded dump, by which errors name the archive as a whole.
pub const DUMP_FILE: &str = "georisques_data.tar.gz";

/// The member an entry's path names, when it is at the root (`IC_documents.csv` or
/// `./IC_documents.csv`).
fn member(path: &str) -> Option<&'static str> {
    let path = path.strip_prefix("./").unwrap_or(path);
    [DOCUMENTS_MEMBER, TYPES_MEMBER]
        .into_iter()
        .find(|&member| member == path)
}

/// A reader that fails once more than `limit` bytes have gone through it.
struct Bounded<'a, R> {
    inner: R,
    unpacked: &'a Cell<u64>,
    limit: u64,
}

impl<R: Read> Read for Bounded<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // Never asks for more than one byte past the limit: the decoder does no more work than that.
        let allowed = self
            .limit
            .saturating_sub(self.unpacked.get())
            .saturating_add(1);
        let len = buf
            .len()
            .min(usize::try_from(allowed).unwrap_or(usize::MAX));
        let read = self.inner.read(&mut buf[..len])?;
        let unpacked = self.unpacked.get() + read as u64;
        self.unpacked.set(unpacked);
        if unpacked > self.limit {
            return Err(io::Error::other("the uncompressed size limit is exceeded"));
        }
        Ok(read)
    }
}
