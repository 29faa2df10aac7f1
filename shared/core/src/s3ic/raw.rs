//! Reading one raw extract: `;`-separated UTF-8, a header naming the columns (none in the
//! Géorisques dump's files), every cell a string.

use super::problem::{Problem, ProblemKind, Problems, cell_problem};
use super::values::{DATE_EXPECTED, IsoDate};
use csv::{ByteRecord, StringRecord};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

/// One data row of a raw extract: the line it starts on and its place in the table.
#[derive(Debug)]
pub(crate) struct RawRow {
    /// 1-based line where the row starts (the header, when there is one, is line 1).
    pub line: u64,
    index: usize,
}

/// The rows of one extract, their cells stored back to back in one string (no allocation per
/// row or cell: national extracts have over a million rows).
#[derive(Debug)]
pub(crate) struct RawTable {
    /// Position in the file of each expected column, in the caller's order.
    positions: Vec<usize>,
    /// Cells per row (the header's length).
    width: usize,
    /// Every cell of every kept row, in order.
    text: String,
    /// End of each cell in `text`, `width` per row.
    ends: Vec<usize>,
    /// The data rows, in file order.
    pub rows: Vec<RawRow>,
}

impl RawTable {
    /// The cell of `row` in the expected column number `column` (caller's order).
    pub fn cell(&self, row: &RawRow, column: usize) -> &str {
        // Every row has the header's length and positions come from the header: all in bounds.
        let (start, ends) = self.bounds(row);
        let position = self.positions[column];
        let cell_start = match position {
            0 => start,
            _ => ends[position - 1],
        };
        &self.text[cell_start..ends[position]]
    }

    /// Where the row's text starts, and the ends of its cells.
    fn bounds(&self, row: &RawRow) -> (usize, &[usize]) {
        let first = row.index * self.width;
        let start = match first {
            0 => 0,
            _ => self.ends[first - 1],
        };
        (start, &self.ends[first..first + self.width])
    }

    /// The row as a whole, to find exact duplicates.
    fn key(&self, row: &RawRow) -> RowKey<'_> {
        let (start, ends) = self.bounds(row);
        let end = ends.last().copied().unwrap_or(start);
        RowKey {
            text: &self.text[start..end],
            start,
            ends,
        }
    }

    /// Appends a row whose cells are all UTF-8, or says which cell is not (and appends nothing).
    fn push(&mut self, line: u64, record: &ByteRecord) -> Result<(), usize> {
        let (text_len, ends_len) = (self.text.len(), self.ends.len());
        for (index, cell) in record.iter().enumerate() {
            let Ok(cell) = std::str::from_utf8(cell) else {
                self.text.truncate(text_len);
                self.ends.truncate(ends_len);
                return Err(index);
            };
            self.text.push_str(cell);
            self.ends.push(self.text.len());
        }
        self.rows.push(RawRow {
            line,
            index: self.rows.len(),
        });
        Ok(())
    }
}

/// One row of an extract as its parser reads it: cells by expected column number, and an
/// invalid cell reported as a problem naming the extract, the line and the column.
pub(super) struct RowCells<'r, 'w> {
    pub file: &'static str,
    /// The expected columns' names, in the table's order.
    pub columns: &'w [&'w str],
    pub table: &'r RawTable,
    pub row: &'w RawRow,
}

impl<'r> RowCells<'r, '_> {
    /// The cell in the expected column number `column`.
    pub fn get(&self, column: usize) -> &'r str {
        self.table.cell(self.row, column)
    }

    /// Reports the cell in `column` as invalid: of this `kind`, where `expected` was wanted.
    pub fn invalid(
        &self,
        column: usize,
        kind: ProblemKind,
        expected: &str,
        problems: &mut Problems,
    ) {
        problems.push(cell_problem(
            self.file,
            self.row.line,
            self.columns[column],
            self.get(column),
            kind,
            expected,
        ));
    }

    /// A date cell that may be empty: `Some(None)` when it is, `None` (and a problem) when it
    /// holds no existing `YYYY-MM-DD` date.
    pub fn optional_date(
        &self,
        column: usize,
        problems: &mut Problems,
    ) -> Option<Option<IsoDate<'r>>> {
        match self.get(column) {
            "" => Some(None),
            text => {
                let date = IsoDate::parse(text);
                if date.is_none() {
                    self.invalid(column, ProblemKind::InvalidDate, DATE_EXPECTED, problems);
                }
                date.map(Some)
            }
        }
    }
}

/// How strictly the header is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExtraColumns {
    /// Columns beyond the expected ones are ignored (they only take part in duplicate detection).
    Ignored,
    /// Any other column is an error: the original writes every column out.
    Rejected,
}

/// What the first line of an extract holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Header {
    /// The column names, in any order.
    Named(ExtraColumns),
    /// A row like the others (the Géorisques dump's files): the file has exactly the expected
    /// columns, in their order.
    Absent,
}

/// The widest header read. The extracts have 14 and 15 columns; a header of thousands (a file
/// that is not an extract, or a crafted one) would size the cell buffer from its width.
pub(super) const MAX_COLUMNS: usize = 100;

/// Reads `bytes`, whose rows have the `columns` (named by the header when there is one); `None`
/// when the file cannot be used at all.
pub(crate) fn read_table(
    file: &'static str,
    bytes: &[u8],
    columns: &[&str],
    header: Header,
    problems: &mut Problems,
) -> Option<RawTable> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        // Cell counts are checked here, to report every bad row rather than stop at the first.
        .flexible(true)
        .from_reader(bytes);
    let mut record = ByteRecord::new();
    let (names, positions, layout) = match header {
        Header::Named(extra) => {
            let (names, positions) =
                read_header(file, &mut reader, &mut record, columns, extra, problems)?;
            (names, positions, "as in the header".to_string())
        }
        Header::Absent => (
            StringRecord::from(columns.to_vec()),
            (0..columns.len()).collect(),
            format!("one per column {}", columns.join(";")),
        ),
    };
    // Sized from the file (rows ≈ lines) to spare reallocations of large buffers. A kept row
    // takes at least one byte per cell (separators, end of line), so no more cells than bytes.
    let lines = bytes.iter().filter(|&&byte| byte == b'\n').count();
    let mut table = RawTable {
        positions,
        width: names.len(),
        text: String::with_capacity(bytes.len()),
        ends: Vec::with_capacity(lines.saturating_mul(names.len()).min(bytes.len())),
        rows: Vec::with_capacity(lines),
    };
    let mut records = 0;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => add_row(file, &names, &layout, &record, &mut table, problems),
            Ok(false) => break,
            Err(error) => {
                problems.push(unreadable(file, &error));
                return None;
            }
        }
        records += 1;
    }
    if records == 0 {
        let expected = match header {
            Header::Named(_) => "at least one row after the header",
            Header::Absent => "at least one row",
        };
        problems.push(empty_file(file, expected));
        return None;
    }
    Some(table)
}

/// The header's names and the position of each expected column among them; `None` (with
/// problems) when there is no usable header.
fn read_header(
    file: &'static str,
    reader: &mut csv::Reader<&[u8]>,
    record: &mut ByteRecord,
    columns: &[&str],
    extra: ExtraColumns,
    problems: &mut Problems,
) -> Option<(StringRecord, Vec<usize>)> {
    match reader.read_byte_record(record) {
        Ok(true) => {}
        Ok(false) => {
            problems.push(empty_file(file, "a header line naming the columns"));
            return None;
        }
        Err(error) => {
            problems.push(unreadable(file, &error));
            return None;
        }
    }
    let header_line = record.position().map_or(1, csv::Position::line);
    let header = match StringRecord::from_byte_record(record.clone()) {
        Ok(header) => header,
        Err(error) => {
            let field = error.utf8_error().field();
            problems.push(not_utf8(file, header_line, None, record, field));
            return None;
        }
    };
    if header.len() > MAX_COLUMNS {
        problems.push(Problem {
            file,
            line: Some(header_line),
            column: None,
            value: Some(format!("{} columns", header.len())),
            kind: ProblemKind::TooManyColumns,
            expected: format!("at most {MAX_COLUMNS} columns"),
        });
        return None;
    }
    let positions = column_positions(file, header_line, &header, columns, extra, problems)?;
    Some((header, positions))
}

/// The position of each expected column, or `None` (with problems) when the header does not fit.
fn column_positions(
    file: &'static str,
    line: u64,
    header: &StringRecord,
    columns: &[&str],
    extra: ExtraColumns,
    problems: &mut Problems,
) -> Option<Vec<usize>> {
    let expected_header = columns.join(";");
    let mut positions = Vec::with_capacity(columns.len());
    for column in columns {
        let mut matches = header.iter().enumerate().filter(|(_, name)| name == column);
        match (matches.next(), matches.next()) {
            (Some((position, _)), None) => positions.push(position),
            (None, _) => problems.push(header_problem(
                file,
                line,
                column,
                None,
                ProblemKind::MissingColumn,
                format!("a column named {column:?} in the header {expected_header:?}"),
            )),
            (Some(_), Some(_)) => problems.push(header_problem(
                file,
                line,
                column,
                Some(column),
                ProblemKind::DuplicatedColumn,
                format!("the column {column:?} once"),
            )),
        }
    }
    let missing = positions.len() < columns.len();
    // Extra columns are reported when rejected, and also when a column is missing: they are then
    // most likely the misspelt ones.
    if extra == ExtraColumns::Rejected || missing {
        for name in header.iter().filter(|name| !columns.contains(name)) {
            problems.push(header_problem(
                file,
                line,
                name,
                Some(name),
                ProblemKind::UnexpectedColumn,
                format!("only the columns {expected_header:?}"),
            ));
        }
    }
    (!missing && (extra == ExtraColumns::Ignored || header.len() == columns.len()))
        .then_some(positions)
}

/// Adds the row to the table, or reports why its cells do not fit the columns (`names`, laid
/// out as `layout` says).
fn add_row(
    file: &'static str,
    names: &StringRecord,
    layout: &str,
    record: &ByteRecord,
    table: &mut RawTable,
    problems: &mut Problems,
) {
    let line = record.position().map_or(0, csv::Position::line);
    if record.len() != names.len() {
        problems.push(Problem {
            file,
            line: Some(line),
            column: None,
            value: Some(format!("{} cells", record.len())),
            kind: ProblemKind::WrongCellCount,
            expected: format!("{} cells separated by ';', {layout}", names.len()),
        });
        return;
    }
    if let Err(field) = table.push(line, record) {
        problems.push(not_utf8(file, line, names.get(field), record, field));
    }
}

fn header_problem(
    file: &'static str,
    line: u64,
    column: &str,
    value: Option<&str>,
    kind: ProblemKind,
    expected: String,
) -> Problem {
    Problem {
        file,
        line: Some(line),
        column: Some(column.to_string()),
        value: value.map(str::to_string),
        kind,
        expected,
    }
}

fn empty_file(file: &'static str, expected: &str) -> Problem {
    Problem {
        file,
        line: None,
        column: None,
        value: None,
        kind: ProblemKind::EmptyFile,
        expected: expected.to_string(),
    }
}

fn unreadable(file: &'static str, error: &csv::Error) -> Problem {
    Problem {
        file,
        line: error.position().map(csv::Position::line),
        column: None,
        value: None,
        kind: ProblemKind::UnreadableCsv,
        expected: format!("a ';'-separated CSV file ({error})"),
    }
}

fn not_utf8(
    file: &'static str,
    line: u64,
    column: Option<&str>,
    record: &ByteRecord,
    field: usize,
) -> Problem {
    Problem {
        file,
        line: Some(line),
        column: column.map(str::to_string),
        value: record
            .get(field)
            .map(|cell| String::from_utf8_lossy(cell).into_owned()),
        kind: ProblemKind::NotUtf8,
        expected: "UTF-8 text (export the file as UTF-8, not Latin-1 or Windows-1252)".into(),
    }
}

/// The rows that are not an exact copy of an earlier row, in order, and how many copies were dropped.
pub(super) fn drop_duplicates(table: &RawTable) -> (Vec<&RawRow>, usize) {
    let mut seen = HashSet::with_capacity(table.rows.len());
    let kept: Vec<&RawRow> = table
        .rows
        .iter()
        .filter(|row| seen.insert(table.key(row)))
        .collect();
    let dropped = table.rows.len() - kept.len();
    (kept, dropped)
}

/// A row compared on its cells: same text and same cell boundaries.
struct RowKey<'t> {
    text: &'t str,
    start: usize,
    ends: &'t [usize],
}

impl PartialEq for RowKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        let relative = |key: &RowKey<'_>, index: usize| key.ends[index] - key.start;
        self.text == other.text
            && self.ends.len() == other.ends.len()
            && (0..self.ends.len()).all(|index| relative(self, index) == relative(other, index))
    }
}

impl Eq for RowKey<'_> {}

impl Hash for RowKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // The text alone (one hasher call per row): rows differing only by cell boundaries are
        // rare and told apart by `eq`.
        self.text.hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8], extra: ExtraColumns) -> (Option<RawTable>, Problems) {
        let mut problems = Problems::default();
        let table = read_table(
            "f.csv",
            bytes,
            &["a", "b"],
            Header::Named(extra),
            &mut problems,
        );
        (table, problems)
    }

    #[test]
    fn reads_cells_by_expected_column_whatever_the_file_order() {
        let (table, problems) = read(b"b;a\n1;2\n\"x;y\";\n", ExtraColumns::Rejected);
        let table = table.unwrap();
        assert!(problems.is_empty());
        let cells: Vec<(u64, &str, &str)> = table
            .rows
            .iter()
            .map(|row| (row.line, table.cell(row, 0), table.cell(row, 1)))
            .collect();
        assert_eq!(cells, [(2, "2", "1"), (3, "", "x;y")]);
    }

    #[test]
    fn reports_a_non_utf8_cell_and_keeps_the_other_rows() {
        let (table, problems) = read(b"a;b\n1;\xE9\n\xC3;\xA9\n3;4\n", ExtraColumns::Rejected);
        let table = table.unwrap();
        assert_eq!(problems.into_error(&[]).problems.len(), 2);
        let cells: Vec<&str> = table.rows.iter().map(|row| table.cell(row, 1)).collect();
        assert_eq!(cells, ["4"]);
    }

    #[test]
    fn ignores_a_byte_order_mark_and_extra_columns_when_allowed() {
        let (table, problems) = read(b"\xEF\xBB\xBFa;c;b\n1;2;3\n", ExtraColumns::Ignored);
        let table = table.unwrap();
        assert!(problems.is_empty());
        assert_eq!(table.cell(&table.rows[0], 1), "3");
    }

    #[test]
    fn a_header_wider_than_the_cap_is_refused_before_any_row_is_read() {
        let header = vec!["a"; MAX_COLUMNS + 1].join(";");
        let (table, problems) = read(format!("{header}\n1\n").as_bytes(), ExtraColumns::Ignored);
        assert!(table.is_none());
        let problems = problems.into_error(&[]).problems;
        assert_eq!(
            problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [format!(
                "f.csv, line 1: too many columns \"{} columns\" (expected at most {MAX_COLUMNS} columns)",
                MAX_COLUMNS + 1
            )]
        );
    }

    #[test]
    fn without_a_header_the_first_line_is_a_row_of_the_columns_in_order() {
        let mut problems = Problems::default();
        let bytes = b"1;2\n3\n4;5\n";
        let table = read_table("f.csv", bytes, &["a", "b"], Header::Absent, &mut problems);
        let table = table.unwrap();
        let cells: Vec<(u64, &str)> = table
            .rows
            .iter()
            .map(|row| (row.line, table.cell(row, 1)))
            .collect();
        assert_eq!(cells, [(1, "2"), (3, "5")]);
        let problems: Vec<String> = problems
            .into_error(&[])
            .problems
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            ["f.csv, line 2: wrong number of cells \"1 cells\" \
                 (expected 2 cells separated by ';', one per column a;b)"]
        );
    }

    #[test]
    fn duplicates_are_whole_rows_and_the_first_copy_stays() {
        let (table, _) = read(
            b"a;b\n1;2\n1;3\n1;2\n12;\n1;2\n;12\n",
            ExtraColumns::Rejected,
        );
        let table = table.unwrap();
        let (kept, dropped) = drop_duplicates(&table);
        let lines: Vec<u64> = kept.iter().map(|row| row.line).collect();
        assert_eq!((lines, dropped), (vec![2, 3, 5, 7], 2));
    }
}
