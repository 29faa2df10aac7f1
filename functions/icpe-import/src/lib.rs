//! The icpe-import function: raw S3IC extracts → prepared CSVs; prepared CSVs → database.
//!
//! [`handle`] takes an object event: raw extracts in `inbox/s3ic/` are transformed into the
//! prepared CSVs of `misc` (the original's task 1), whose arrival triggers their import.
//! [`prepared`] holds the second half: validating a set of prepared CSV files completely, then
//! replacing the public ICPE data in one transaction. It takes its ports (the database pool, the
//! files' bytes or a source reading them under the import lock) as arguments, so the S3
//! handler, the CLI and the tests run the same code.

mod handler;
mod lambda;
pub mod prepared;
mod raw;
#[cfg(feature = "testing")]
pub mod testing;

pub use handler::{Handled, HandlerError, handle};
pub use lambda::IcpeImport;
pub use raw::{RAW_FOLDER, RUN_METADATA, RawReport};
