//! A prepared CSV file checked as a whole (bytes, encoding, header), then read row by row.
//!
//! Rows are read straight from the caller's bytes, one at a time, so that a national file is
//! never held twice in memory; callers that need two passes (validate, then write) read twice.

use super::kind::FileKind;
use super::problem::{Problem, Rule};
use csv::{ByteRecord, StringRecord};

/// Longer values are not real data: a runaway quote or a corrupted upload.
pub const MAX_FIELD_BYTES: usize = 4096;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A prepared CSV file whose bytes and header are valid.
#[derive(Debug, Clone)]
pub struct CsvFile<'a> {
    kind: FileKind,
    name: &'a str,
    body: &'a [u8],
    /// For each column of `kind.columns()`, its index in the file's rows.
    positions: Vec<usize>,
    width: usize,
}

impl<'a> CsvFile<'a> {
    /// Checks the file as a whole: not empty, UTF-8, the header of `kind` (any column order),
    /// and at least one row where the kind requires rows.
    pub fn open(
        kind: FileKind,
        name: &'a str,
        bytes: &'a [u8],
    ) -> Result<CsvFile<'a>, Vec<Problem>> {
        let fail = |rule, message: String| vec![Problem::file(name, rule, message)];
        if bytes.is_empty() {
            return Err(fail(Rule::EmptyFile, "the file is empty (0 bytes)".into()));
        }
        if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            return Err(fail(
                Rule::Encoding,
                "the file is UTF-16 (it starts with a UTF-16 byte order mark); expected UTF-8"
                    .into(),
            ));
        }
        let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
        if body.iter().all(u8::is_ascii_whitespace) {
            return Err(fail(
                Rule::EmptyFile,
                format!(
                    "the file has no header line (expected: {})",
                    kind.columns().join(",")
                ),
            ));
        }
        let mut reader = reader(body);
        let mut header = ByteRecord::new();
        // A reader over bytes cannot fail to read, and csv-core accepts any bytes.
        let _ = reader.read_byte_record(&mut header);
        let header = StringRecord::from_byte_record(header).map_err(|e| {
            fail(
                Rule::Encoding,
                format!(
                    "the header is not UTF-8 (column {}); the file must be saved as UTF-8",
                    e.utf8_error().field() + 1
                ),
            )
        })?;
        let positions = header_positions(kind, name, &header)?;
        let file = CsvFile {
            kind,
            name,
            body,
            positions,
            width: header.len(),
        };
        if kind.requires_rows()
            && !reader
                .read_byte_record(&mut ByteRecord::new())
                .unwrap_or(false)
        {
            return Err(fail(
                Rule::NoRows,
                format!("the file has a header but no row: an {kind} file cannot be empty"),
            ));
        }
        Ok(file)
    }

    /// The kind of the file.
    pub fn kind(&self) -> FileKind {
        self.kind
    }

    /// The file name problems are reported with.
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// The data rows, in file order; a row whose fields do not line up with the header comes as
    /// its problems.
    pub fn rows(&self) -> Rows<'_> {
        let mut reader = reader(self.body);
        let _ = reader.read_byte_record(&mut ByteRecord::new());
        Rows { file: self, reader }
    }
}

fn reader(body: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        // Rows with a wrong number of fields are reported by us, with a better message.
        .flexible(true)
        .from_reader(body)
}

/// Where each expected column is, or every problem of the header.
fn header_positions(
    kind: FileKind,
    file: &str,
    header: &StringRecord,
) -> Result<Vec<usize>, Vec<Problem>> {
    let expected = kind.columns();
    let problem =
        |rule, column: &str, message: String| Problem::at(file, 1, column, "", rule, message);
    let listing = expected.join(",");
    if header.len() == 1 {
        let only = header.get(0).unwrap_or_default();
        if let Some(separator) = [';', '\t', '|'].into_iter().find(|s| only.contains(*s)) {
            return Err(vec![problem(
                Rule::Header,
                "",
                format!("the header is separated by {separator:?}; expected commas: {listing}"),
            )]);
        }
    }
    if !header.iter().any(|name| expected.contains(&name)) {
        return Err(vec![problem(
            Rule::Header,
            "",
            format!(
                "the first line is not the header of an {kind} file (found {:?}); expected: {listing}",
                super::problem::preview(&header.iter().collect::<Vec<_>>().join(","))
            ),
        )]);
    }
    let mut problems = Vec::new();
    for (index, name) in header.iter().enumerate() {
        if header.iter().take(index).any(|earlier| earlier == name) {
            problems.push(problem(
                Rule::DuplicateColumn,
                name,
                format!("column {name:?} appears twice in the header"),
            ));
        } else if !expected.contains(&name) {
            let hint = expected
                .iter()
                .find(|e| e.eq_ignore_ascii_case(name.trim()))
                .map(|e| format!(" (did you mean {e:?}?)"))
                .unwrap_or_default();
            problems.push(problem(
                Rule::UnknownColumn,
                name,
                format!("unexpected column {name:?} in the header{hint}; expected: {listing}"),
            ));
        }
    }
    let mut positions = Vec::with_capacity(expected.len());
    for column in expected {
        match header.iter().position(|name| name == *column) {
            Some(index) => positions.push(index),
            None => problems.push(problem(
                Rule::MissingColumn,
                column,
                format!("the header has no column {column:?}; expected: {listing}"),
            )),
        }
    }
    if problems.is_empty() {
        Ok(positions)
    } else {
        Err(problems)
    }
}

/// The rows of a [`CsvFile`].
pub struct Rows<'f> {
    file: &'f CsvFile<'f>,
    reader: csv::Reader<&'f [u8]>,
}

impl<'f> Iterator for Rows<'f> {
    type Item = Result<Row<'f>, Vec<Problem>>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut record = ByteRecord::new();
        if !self.reader.read_byte_record(&mut record).unwrap_or(false) {
            return None;
        }
        let line = record.position().map_or(0, csv::Position::line);
        let at_end = self.reader.position().byte() as usize >= self.file.body.len();
        Some(self.check(line, record, at_end))
    }
}

impl<'f> Rows<'f> {
    fn check(&self, line: u64, record: ByteRecord, at_end: bool) -> Result<Row<'f>, Vec<Problem>> {
        let file = self.file;
        let problem = |column: &str, value: &str, rule, message: String| {
            Problem::at(file.name, line, column, value, rule, message)
        };
        let ends_with_newline = file.body.ends_with(b"\n") || file.body.ends_with(b"\r");
        if at_end && !ends_with_newline && record.len() < file.width {
            return Err(vec![problem(
                "",
                &String::from_utf8_lossy(record.as_slice()),
                Rule::Truncated,
                format!(
                    "the file ends in the middle of a row ({} of {} fields, no final line break): truncated upload?",
                    record.len(),
                    file.width
                ),
            )]);
        }
        if record.len() != file.width {
            return Err(vec![problem(
                "",
                &String::from_utf8_lossy(record.as_slice()),
                Rule::FieldCount,
                format!(
                    "the row has {} fields, the header {} (an unquoted comma, or a missing one?)",
                    record.len(),
                    file.width
                ),
            )]);
        }
        let column_name = |index: usize| {
            file.positions
                .iter()
                .position(|&p| p == index)
                .map_or("", |c| file.kind.columns()[c])
        };
        let mut problems = Vec::new();
        for (index, field) in record.iter().enumerate() {
            if let Err(error) = std::str::from_utf8(field) {
                let bad = field.get(error.valid_up_to()).copied().unwrap_or_default();
                problems.push(problem(
                    column_name(index),
                    &String::from_utf8_lossy(field),
                    Rule::Encoding,
                    format!(
                        "not UTF-8 (byte 0x{bad:02X} after {} valid bytes): the file must be saved as UTF-8, not Latin-1 or Windows-1252",
                        error.valid_up_to()
                    ),
                ));
            } else if field.len() > MAX_FIELD_BYTES {
                problems.push(problem(
                    column_name(index),
                    &String::from_utf8_lossy(field),
                    Rule::FieldTooLong,
                    format!(
                        "the value is {} bytes long, more than the {MAX_FIELD_BYTES} allowed (a quote left open?)",
                        field.len()
                    ),
                ));
            }
        }
        if at_end && !ends_with_newline {
            problems.push(problem(
                "",
                "",
                Rule::Truncated,
                "the file does not end with a line break: its last row may have been cut (truncated upload?)"
                    .into(),
            ));
        }
        // The fields still line up with the header: the row is given with its problems, so that
        // its other values (its id above all) can be read.
        Ok(Row {
            file,
            line,
            record: StringRecord::from_byte_record_lossy(record),
            unreadable: problems,
        })
    }
}

/// One data row whose fields line up with the header, with its line.
#[derive(Debug, Clone)]
pub struct Row<'f> {
    file: &'f CsvFile<'f>,
    line: u64,
    record: StringRecord,
    unreadable: Vec<Problem>,
}

impl<'f> Row<'f> {
    /// 1-based line where the row starts.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Problems found while reading the row's bytes (encoding, length, truncation); the
    /// values concerned are shown with replacement characters.
    pub fn read_problems(&self) -> &[Problem] {
        &self.unreadable
    }

    /// Puts the read problems first in `problems`, dropping the value problems of the same
    /// columns: a field that could not be read is reported once, not again as an invalid value.
    pub fn with_read_problems(&self, problems: &mut Vec<Problem>) {
        if self.unreadable.is_empty() {
            return;
        }
        problems.retain(|p| !self.unreadable.iter().any(|r| r.column == p.column));
        problems.splice(0..0, self.unreadable.iter().cloned());
    }

    /// The file the row comes from.
    pub fn file_name(&self) -> &'f str {
        self.file.name
    }

    /// The raw text of a column of the file's kind (`""` for a column the kind does not have).
    pub fn text(&self, column: &str) -> &str {
        let kind = self.file.kind;
        debug_assert!(
            kind.columns().contains(&column),
            "{kind} has no column {column}"
        );
        kind.columns()
            .iter()
            .position(|c| *c == column)
            .and_then(|c| self.record.get(self.file.positions[c]))
            .unwrap_or_default()
    }

    /// A problem about a column of this row.
    pub fn problem(
        &self,
        column: &str,
        value: &str,
        rule: Rule,
        message: impl Into<String>,
    ) -> Problem {
        Problem::at(self.file.name, self.line, column, value, rule, message)
    }
}
