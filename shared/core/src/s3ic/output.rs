//! The prepared CSV files, written exactly as the original's pandas `to_csv` writes them.

use std::ops::Range;

/// A comma-separated file being written, remembering where each row is to cut subsets from it.
#[derive(Debug)]
pub(crate) struct CsvTable {
    bytes: Vec<u8>,
    header_end: usize,
    rows: Vec<Range<usize>>,
}

impl CsvTable {
    /// A file with only its header line.
    pub fn new(header: &[&str]) -> CsvTable {
        let mut bytes = Vec::new();
        write_line(&mut bytes, header);
        CsvTable {
            header_end: bytes.len(),
            bytes,
            rows: Vec::new(),
        }
    }

    /// Appends one row.
    pub fn push(&mut self, cells: &[&str]) {
        let start = self.bytes.len();
        write_line(&mut self.bytes, cells);
        self.rows.push(start..self.bytes.len());
    }

    /// The header and the rows whose `keep` mask is true, in order.
    pub fn subset(&self, keep: &[bool]) -> (Vec<u8>, usize) {
        let mut bytes = self.bytes[..self.header_end].to_vec();
        let mut rows = 0;
        for (range, _) in self.rows.iter().zip(keep).filter(|(_, keep)| **keep) {
            bytes.extend_from_slice(&self.bytes[range.clone()]);
            rows += 1;
        }
        (bytes, rows)
    }
}

/// One line: cells joined by `,`, ended by `\n`.
fn write_line(out: &mut Vec<u8>, cells: &[&str]) {
    for (index, cell) in cells.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        write_cell(out, cell);
    }
    out.push(b'\n');
}

/// Python's `csv.QUOTE_MINIMAL`: quoted only when it holds the delimiter, a quote or a line break,
/// with inner quotes doubled. (A lone empty cell would be quoted too, but rows have many cells.)
fn write_cell(out: &mut Vec<u8>, cell: &str) {
    let needs_quotes = cell
        .bytes()
        .any(|byte| matches!(byte, b',' | b'"' | b'\n' | b'\r'));
    if !needs_quotes {
        out.extend_from_slice(cell.as_bytes());
        return;
    }
    out.push(b'"');
    for part in cell.split_inclusive('"') {
        out.extend_from_slice(part.as_bytes());
        if part.ends_with('"') {
            out.push(b'"');
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_cells_with_a_comma_a_quote_or_a_line_break() {
        let mut table = CsvTable::new(&["a", "b"]);
        table.push(&["1,5", "plain; text"]);
        table.push(&["say \"hi\"", "two\nlines"]);
        table.push(&["", "x"]);
        let (bytes, _) = table.subset(&[true; 3]);
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            "a,b\n\"1,5\",plain; text\n\"say \"\"hi\"\"\",\"two\nlines\"\n,x\n"
        );
    }

    #[test]
    fn subsets_keep_the_header_and_the_chosen_rows_in_order() {
        let mut table = CsvTable::new(&["a"]);
        for cell in ["1", "2", "3"] {
            table.push(&[cell]);
        }
        let (bytes, rows) = table.subset(&[true, false, true]);
        assert_eq!(
            (String::from_utf8_lossy(&bytes).as_ref(), rows),
            ("a\n1\n3\n", 2)
        );
    }
}
