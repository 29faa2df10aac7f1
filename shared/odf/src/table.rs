//! Tables of text documents, and how their spanning cells fill ODF's grid.

/// A paragraph style of our `styles.xml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Title,
    Subtitle,
    /// A section heading (outline level 1).
    Heading,
    Body,
    /// Text in a table cell.
    Cell,
    /// Bold text in a table cell: column headers, references.
    CellHeading,
}

impl Style {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Style::Title => "Title",
            Style::Subtitle => "Subtitle",
            Style::Heading => "Heading_20_1",
            Style::Body => "Text_20_body",
            Style::Cell => "Table_20_Contents",
            Style::CellHeading => "Table_20_Heading",
        }
    }
}

/// What a document or a table cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph; `\n` in its text is a line break.
    Paragraph(Style, String),
    Table(Table),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Relative widths of the columns; empty for equal widths.
    pub column_widths: Vec<u32>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// Header rows at the top of a table repeat on every page it spans.
    pub header: bool,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub blocks: Vec<Block>,
    pub colspan: u32,
    pub rowspan: u32,
}

impl Cell {
    /// A cell spanning one column and one row.
    pub fn new(blocks: Vec<Block>) -> Cell {
        Cell {
            blocks,
            colspan: 1,
            rowspan: 1,
        }
    }

    /// A cell holding one paragraph.
    pub fn text(style: Style, text: impl Into<String>) -> Cell {
        Cell::new(vec![Block::Paragraph(style, text.into())])
    }
}

/// One position of a table's grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Slot {
    /// Where the `index`-th cell of the row starts, with the spans it really gets.
    Cell {
        index: usize,
        colspan: u32,
        rowspan: u32,
    },
    /// Under another cell's span: ODF wants a `table:covered-table-cell` there.
    Covered,
    /// Past the end of a short row: an empty cell keeps the grid rectangular.
    #[default]
    Empty,
}

/// Places the cells on a rectangular grid the way HTML does: each cell takes the first
/// position its row left free by the rowspans above. The width is the widest row so placed
/// (the maximum sum of colspans, once rowspans are counted). Spans that would overlap another
/// cell or run past the last row are cut, so the grid ODF readers rebuild is always consistent.
pub(crate) fn layout(table: &Table) -> Vec<Vec<Slot>> {
    let height = table.rows.len();
    let mut grid: Vec<Vec<Slot>> = vec![Vec::new(); height];
    let free = |row: &[Slot], column: usize| matches!(row.get(column), None | Some(Slot::Empty));
    for (r, row) in table.rows.iter().enumerate() {
        let mut column = 0;
        for (index, cell) in row.cells.iter().enumerate() {
            while !free(&grid[r], column) {
                column += 1;
            }
            let mut colspan = 1;
            while colspan < cell.colspan && free(&grid[r], column + colspan as usize) {
                colspan += 1;
            }
            let columns = column..column + colspan as usize;
            let mut rowspan = 1;
            while rowspan < cell.rowspan
                && r + (rowspan as usize) < height
                && columns
                    .clone()
                    .all(|c| free(&grid[r + rowspan as usize], c))
            {
                rowspan += 1;
            }
            for covered in &mut grid[r..r + rowspan as usize] {
                if covered.len() < columns.end {
                    covered.resize(columns.end, Slot::Empty);
                }
                covered[columns.clone()].fill(Slot::Covered);
            }
            grid[r][column] = Slot::Cell {
                index,
                colspan,
                rowspan,
            };
            column = columns.end;
        }
    }
    let width = grid.iter().map(Vec::len).max().unwrap_or(0);
    for row in &mut grid {
        row.resize(width, Slot::Empty);
    }
    grid
}

#[cfg(test)]
mod tests {
    use super::*;
    use Slot::{Covered, Empty};

    fn table(rows: &[&[(u32, u32)]]) -> Table {
        Table {
            column_widths: Vec::new(),
            rows: rows
                .iter()
                .map(|cells| Row {
                    header: false,
                    cells: cells
                        .iter()
                        .map(|&(colspan, rowspan)| Cell {
                            colspan,
                            rowspan,
                            ..Cell::text(Style::Cell, "x")
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn cell(index: usize, colspan: u32, rowspan: u32) -> Slot {
        Slot::Cell {
            index,
            colspan,
            rowspan,
        }
    }

    #[test]
    fn a_colspan_covers_the_next_columns_of_its_row() {
        let grid = layout(&table(&[&[(2, 1)], &[(1, 1), (1, 1)]]));
        assert_eq!(
            grid,
            [
                vec![cell(0, 2, 1), Covered],
                vec![cell(0, 1, 1), cell(1, 1, 1)]
            ]
        );
    }

    #[test]
    fn a_rowspan_pushes_the_cells_of_the_rows_below_to_the_right() {
        let grid = layout(&table(&[&[(1, 2), (1, 1)], &[(1, 1)]]));
        assert_eq!(
            grid,
            [
                vec![cell(0, 1, 2), cell(1, 1, 1)],
                vec![Covered, cell(0, 1, 1)]
            ]
        );
    }

    #[test]
    fn a_cell_spanning_both_ways_covers_a_block() {
        let grid = layout(&table(&[
            &[(2, 2), (1, 1)],
            &[(1, 1)],
            &[(1, 1), (1, 1), (1, 1)],
        ]));
        assert_eq!(
            grid,
            [
                vec![cell(0, 2, 2), Covered, cell(1, 1, 1)],
                vec![Covered, Covered, cell(0, 1, 1)],
                vec![cell(0, 1, 1), cell(1, 1, 1), cell(2, 1, 1)],
            ]
        );
    }

    #[test]
    fn the_width_is_the_widest_row_and_short_rows_are_padded() {
        let grid = layout(&table(&[&[(1, 1), (3, 1)], &[(1, 1)]]));
        assert_eq!(grid[0].len(), 4);
        assert_eq!(grid[1], [cell(0, 1, 1), Empty, Empty, Empty]);
    }

    #[test]
    fn a_rowspan_past_the_last_row_is_cut() {
        let grid = layout(&table(&[&[(1, 1)], &[(1, 5)]]));
        assert_eq!(grid, [vec![cell(0, 1, 1)], vec![cell(0, 1, 1)]]);
    }

    #[test]
    fn a_colspan_stops_at_a_position_taken_by_a_rowspan_from_above() {
        let grid = layout(&table(&[&[(1, 1), (1, 2)], &[(3, 1)]]));
        assert_eq!(
            grid,
            [
                vec![cell(0, 1, 1), cell(1, 1, 2)],
                vec![cell(0, 1, 1), Covered]
            ]
        );
    }

    #[test]
    fn a_table_without_rows_has_an_empty_grid() {
        assert!(layout(&Table::default()).is_empty());
    }
}
