//! Why a Géorisques dump is refused: nothing is written from a dump that cannot be read whole.

use crate::s3ic::Problem;
use crate::s3ic::problem::first_problem;

/// The dump was refused; every variant names the file at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GeorisquesError {
    /// Not a gzip-compressed tar archive, or cut short.
    #[error("{file}: not a readable tar.gz archive ({reason})")]
    Unreadable {
        /// The member being read, or the dump as a whole ([`DUMP_FILE`](super::DUMP_FILE)).
        file: String,
        /// What the decoder said.
        reason: String,
    },
    /// Unpacking would go past [`DumpLimits::uncompressed_bytes`](super::DumpLimits).
    #[error("{file}: refused, unpacking the dump goes past {limit} bytes")]
    TooLarge {
        /// The entry that goes past the bound, or the dump as a whole.
        file: String,
        /// The bound.
        limit: u64,
    },
    /// The archive has more entries than [`DumpLimits::entries`](super::DumpLimits).
    #[error("{file}: refused, the dump has more than {limit} entries")]
    TooManyEntries {
        /// The first entry past the bound.
        file: String,
        /// The bound.
        limit: u64,
    },
    /// A member the transform needs is not at the root of the archive.
    #[error("{dump}: no {0} at the root of the archive", dump = super::DUMP_FILE)]
    MissingMember(&'static str),
    /// Rows of the members that cannot be read: every problem found (the first
    /// [`MAX_PROBLEMS`](crate::s3ic::MAX_PROBLEMS)) and how many in all.
    #[error("{total} problem(s) in the Géorisques dump, the first: {}", first_problem(.problems))]
    Rows {
        /// The problems, by file then line.
        problems: Vec<Problem>,
        /// How many were found, including those not kept.
        total: usize,
    },
}
