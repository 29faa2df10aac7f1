//! The am-import function: the AM archive published by the back-office (`am/ams/latest.zip`, a
//! flat zip of `<CID>.json`) replaces the web app's AMs and alinéa index, all or nothing. An
//! archive with no AM, with entries that are not `<CID>.json` (save harmless ones), over its size
//! limits, or deleting more than a fifth of the AMs unless forced, changes nothing.

mod archive;
mod handler;
mod import;
mod lambda;
mod report;
mod validate;

pub use archive::{AmArchive, ArchiveError, ArchiveLimits, ArchiveReader, read_zip};
pub use handler::{HandlerError, LATEST_ARCHIVE, handle};
pub use import::{MAX_DELETED_SHARE, import_ams};
pub use lambda::AmImport;
pub use report::{AmImportReport, FileProblem, IgnoredEntry};
pub use validate::parse_all;
