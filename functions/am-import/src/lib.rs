//! The am-import function: the AM archive published by the back-office (`am/ams/latest.zip`, a
//! flat zip of `<CID>.json`) replaces the web app's AMs and alinéa index, all or nothing.

mod archive;
mod handler;
mod import;
mod report;
mod validate;

pub use archive::{ArchiveError, files_from_zip};
pub use handler::{HandlerError, LATEST_ARCHIVE, handle};
pub use import::import_ams;
pub use report::{AmImportReport, FileProblem};
pub use validate::parse_all;
