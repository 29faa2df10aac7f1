//! Typed records read from rows, and the iterator that yields them.

use super::file::{CsvFile, Row, Rows};
use super::kind::FileKind;
use super::problem::Problem;

/// A typed row of one kind of prepared CSV file.
pub trait Record: Sized {
    /// The kind of file the record is read from.
    const KIND: FileKind;

    /// Parses a row, pushing every problem it has; `None` when there was any.
    fn parse(row: &Row<'_>, problems: &mut Vec<Problem>) -> Option<Self>;
}

impl<'a> CsvFile<'a> {
    /// The typed records of the file in order, each with its line, or the problems of its row.
    ///
    /// The file must be of the record's kind (a programming error otherwise: every row is then
    /// reported as unreadable rather than read as something else).
    pub fn records<T: Record>(&self) -> Records<'_, T> {
        Records {
            rows: self.rows(),
            wrong_kind: (T::KIND != self.kind()).then(|| (T::KIND, self.kind())),
            _record: std::marker::PhantomData,
        }
    }
}

/// The records of a [`CsvFile`].
pub struct Records<'f, T> {
    rows: Rows<'f>,
    wrong_kind: Option<(FileKind, FileKind)>,
    _record: std::marker::PhantomData<fn() -> T>,
}

impl<T: Record> Iterator for Records<'_, T> {
    type Item = Result<(u64, T), Vec<Problem>>;

    fn next(&mut self) -> Option<Self::Item> {
        let row = match self.rows.next()? {
            Ok(row) => row,
            Err(problems) => return Some(Err(problems)),
        };
        if let Some((wanted, actual)) = self.wrong_kind {
            return Some(Err(vec![row.problem(
                "",
                "",
                super::problem::Rule::Header,
                format!("{actual} file read as {wanted}"),
            )]));
        }
        let mut problems = Vec::new();
        let record = T::parse(&row, &mut problems);
        row.with_read_problems(&mut problems);
        Some(match record {
            Some(record) if problems.is_empty() => Ok((row.line(), record)),
            _ => Err(problems),
        })
    }
}
