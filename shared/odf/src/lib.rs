//! OpenDocument files written from scratch: text documents (`.odt`) made of paragraphs and
//! tables (nested, with spanning cells), and spreadsheets (`.ods`) of text and date cells.
//!
//! No template is read: the package, the styles and the content are all built here, so what
//! a document holds is only what the caller gave. User text can hold anything: it is escaped,
//! and characters XML forbids are dropped.

mod package;
mod sheet;
mod styles;
mod table;
mod text;
mod xml;

pub use package::Kind;
pub use sheet::{Sheet, Value, spreadsheet};
pub use table::{Block, Cell, Row, Style, Table};
pub use text::TextDocument;

/// Writing the zip failed (only on I/O errors of the in-memory buffer, in practice never).
#[derive(Debug, thiserror::Error)]
#[error("écriture du fichier OpenDocument impossible : {0}")]
pub struct OdfError(String);

impl From<zip::result::ZipError> for OdfError {
    fn from(error: zip::result::ZipError) -> OdfError {
        OdfError(error.to_string())
    }
}

impl From<std::io::Error> for OdfError {
    fn from(error: std::io::Error) -> OdfError {
        OdfError(error.to_string())
    }
}
