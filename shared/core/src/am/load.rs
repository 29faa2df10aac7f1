//! Parsing AM files, with errors that name the file, line and column.

use super::ArreteMinisteriel;
use std::fmt;

/// Why one AM file could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct AmLoadError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for AmLoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// Parses one AM file; `file` only names it in errors.
pub fn parse_am(file: &str, json: &[u8]) -> Result<ArreteMinisteriel, AmLoadError> {
    serde_json::from_slice(json).map_err(|error| AmLoadError {
        file: file.to_string(),
        line: error.line(),
        column: error.column(),
        message: match error.classify() {
            serde_json::error::Category::Eof => format!("truncated JSON ({error})"),
            _ => error.to_string(),
        },
    })
}

/// Parses AM files given as (name, content), in name order: every good file is kept and every
/// bad one reported, so one broken file never hides the others.
pub fn parse_am_files<N: AsRef<str>, C: AsRef<[u8]>>(
    files: impl IntoIterator<Item = (N, C)>,
) -> (Vec<ArreteMinisteriel>, Vec<AmLoadError>) {
    let mut files: Vec<(N, C)> = files.into_iter().collect();
    files.sort_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
    let mut ams = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for (name, content) in &files {
        match parse_am(name.as_ref(), content.as_ref()) {
            Ok(am) => ams.push(am),
            Err(error) => errors.push(error),
        }
    }
    (ams, errors)
}
