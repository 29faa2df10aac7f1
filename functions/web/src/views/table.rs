//! AM tables (an alinéa may be a table): rows of header or data cells with spans.

use crate::views::rich_text::{Piece, pieces};
use envinorma_core::Table;

/// A table ready for the template.
#[derive(Debug, Clone)]
pub struct TableView<'a> {
    pub rows: Vec<RowView<'a>>,
}

/// A row: `th` cells when it is a header row, else `td`.
#[derive(Debug, Clone)]
pub struct RowView<'a> {
    pub is_header: bool,
    pub cells: Vec<CellView<'a>>,
}

/// A cell; spans of 1 are left out of the markup.
#[derive(Debug, Clone)]
pub struct CellView<'a> {
    pub colspan: Option<u32>,
    pub rowspan: Option<u32>,
    pub pieces: Vec<Piece<'a>>,
}

impl<'a> TableView<'a> {
    /// The view of a stored table (odd spans such as 0 or −1 read as 1).
    pub fn new(table: &'a Table) -> TableView<'a> {
        let span = |value: u32| (value > 1).then_some(value);
        TableView {
            rows: table
                .rows
                .iter()
                .map(|row| RowView {
                    is_header: row.is_header,
                    cells: row
                        .cells
                        .iter()
                        .map(|cell| CellView {
                            colspan: span(cell.colspan()),
                            rowspan: span(cell.rowspan()),
                            pieces: pieces(&cell.content),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
