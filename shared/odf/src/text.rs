//! Text documents (`.odt`).

use crate::package::{self, Kind};
use crate::table::{Block, Slot, Table, layout};
use crate::xml::{push_attr, push_text};
use crate::{OdfError, Style};

/// Table and cell formats, in `content.xml`'s automatic styles because that is where Writer
/// reads the formatting of tables (it ignores table-cell styles among common styles).
const TABLE_STYLES: &str = r#"<style:style style:name="Table" style:family="table"><style:table-properties table:align="margins" fo:margin-top="0.1cm" fo:margin-bottom="0.2cm"/></style:style><style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000"/></style:style>"#;

/// A text document being written, block after block.
#[derive(Debug, Default)]
pub struct TextDocument {
    body: String,
    /// Column styles of the tables with their own widths.
    column_styles: String,
    tables: usize,
}

impl TextDocument {
    pub fn new() -> TextDocument {
        TextDocument::default()
    }

    /// Appends a block at the end of the document.
    pub fn push(&mut self, block: &Block) {
        // Writing a block also records column styles and counts tables: the body is taken out
        // for the time of the write so both can be borrowed.
        let mut body = std::mem::take(&mut self.body);
        self.write_block(&mut body, block);
        self.body = body;
    }

    /// The `.odt` file; `title` goes to its metadata.
    pub fn finish(self, title: &str) -> Result<Vec<u8>, OdfError> {
        let automatic_styles = format!("{TABLE_STYLES}{}", self.column_styles);
        package::document(Kind::Text, &automatic_styles, &self.body, title)
    }

    fn write_block(&mut self, out: &mut String, block: &Block) {
        match block {
            Block::Paragraph(Style::Heading, text) => {
                out.push_str("<text:h text:style-name=\"Heading_20_1\" text:outline-level=\"1\">");
                push_text(out, text);
                out.push_str("</text:h>");
            }
            Block::Paragraph(style, text) => {
                out.push_str("<text:p text:style-name=\"");
                out.push_str(style.name());
                out.push_str("\">");
                push_text(out, text);
                out.push_str("</text:p>");
            }
            Block::Table(table) => self.write_table(out, table),
        }
    }

    /// Writes the table with one element per grid position (a cell or a covered cell), so that
    /// readers rebuild the same grid. A table without rows is left out: ODF has no empty table.
    fn write_table(&mut self, out: &mut String, table: &Table) {
        let grid = layout(table);
        let width = grid.first().map_or(0, Vec::len);
        if width == 0 {
            return;
        }
        self.tables += 1;
        let name = format!("Tableau{}", self.tables);
        out.push_str("<table:table table:style-name=\"Table\" table:name=\"");
        push_attr(out, &name);
        out.push_str("\">");
        if table.column_widths.len() == width {
            for (i, weight) in table.column_widths.iter().enumerate() {
                let style = format!("{name}.C{i}");
                self.column_styles.push_str(&format!(
                    "<style:style style:name=\"{style}\" style:family=\"table-column\">\
                     <style:table-column-properties style:rel-column-width=\"{weight}*\"/>\
                     </style:style>"
                ));
                out.push_str(&format!(
                    "<table:table-column table:style-name=\"{style}\"/>"
                ));
            }
        } else {
            out.push_str(&format!(
                "<table:table-column table:number-columns-repeated=\"{width}\"/>"
            ));
        }
        let header_rows = table.rows.iter().take_while(|row| row.header).count();
        for (r, (row, slots)) in table.rows.iter().zip(&grid).enumerate() {
            if r == 0 && header_rows > 0 {
                out.push_str("<table:table-header-rows>");
            }
            out.push_str("<table:table-row>");
            for slot in slots {
                match *slot {
                    Slot::Cell {
                        index,
                        colspan,
                        rowspan,
                    } => {
                        let cell = &row.cells[index];
                        out.push_str("<table:table-cell table:style-name=\"Cell\" office:value-type=\"string\"");
                        if colspan > 1 {
                            out.push_str(&format!(" table:number-columns-spanned=\"{colspan}\""));
                        }
                        if rowspan > 1 {
                            out.push_str(&format!(" table:number-rows-spanned=\"{rowspan}\""));
                        }
                        out.push('>');
                        for block in &cell.blocks {
                            self.write_block(out, block);
                        }
                        if cell.blocks.is_empty() {
                            out.push_str("<text:p text:style-name=\"Table_20_Contents\"/>");
                        }
                        out.push_str("</table:table-cell>");
                    }
                    Slot::Covered => out.push_str("<table:covered-table-cell/>"),
                    Slot::Empty => out.push_str(
                        "<table:table-cell table:style-name=\"Cell\"><text:p text:style-name=\"Table_20_Contents\"/></table:table-cell>",
                    ),
                }
            }
            out.push_str("</table:table-row>");
            if r + 1 == header_rows {
                out.push_str("</table:table-header-rows>");
            }
        }
        out.push_str("</table:table>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Cell, Row};
    use std::io::Read;

    fn content(document: TextDocument) -> String {
        let bytes = document.finish("Essai").unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        zip.by_name("content.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        xml
    }

    fn spanning(text: &str, colspan: u32, rowspan: u32) -> Cell {
        Cell {
            colspan,
            rowspan,
            ..Cell::text(Style::Cell, text)
        }
    }

    #[test]
    fn spanning_cells_are_written_with_their_spans_and_the_positions_they_cover() {
        let mut document = TextDocument::new();
        document.push(&Block::Table(Table {
            column_widths: Vec::new(),
            rows: vec![
                Row {
                    header: true,
                    cells: vec![spanning("A", 2, 1), spanning("B", 1, 2)],
                },
                Row {
                    header: false,
                    cells: vec![spanning("C", 1, 1), spanning("D", 1, 1)],
                },
            ],
        }));
        let xml = content(document);
        assert!(xml.contains("<table:table-column table:number-columns-repeated=\"3\"/>"));
        assert!(xml.contains(
            "<table:table-header-rows><table:table-row><table:table-cell table:style-name=\"Cell\" \
             office:value-type=\"string\" table:number-columns-spanned=\"2\"><text:p \
             text:style-name=\"Table_20_Contents\">A</text:p></table:table-cell>\
             <table:covered-table-cell/><table:table-cell table:style-name=\"Cell\" \
             office:value-type=\"string\" table:number-rows-spanned=\"2\">"
        ));
        assert!(xml.contains(
            "</table:table-header-rows><table:table-row><table:table-cell table:style-name=\"Cell\" \
             office:value-type=\"string\"><text:p text:style-name=\"Table_20_Contents\">C</text:p>\
             </table:table-cell><table:table-cell table:style-name=\"Cell\" office:value-type=\"string\">\
             <text:p text:style-name=\"Table_20_Contents\">D</text:p></table:table-cell>\
             <table:covered-table-cell/></table:table-row></table:table>"
        ));
    }

    #[test]
    fn nested_tables_get_unique_names_and_given_widths_get_column_styles() {
        let inner = Table {
            column_widths: Vec::new(),
            rows: vec![Row {
                header: false,
                cells: vec![Cell::text(Style::Cell, "in")],
            }],
        };
        let mut document = TextDocument::new();
        document.push(&Block::Table(Table {
            column_widths: vec![2, 1],
            rows: vec![Row {
                header: false,
                cells: vec![Cell::new(vec![Block::Table(inner)]), Cell::new(Vec::new())],
            }],
        }));
        let xml = content(document);
        assert!(xml.contains("table:name=\"Tableau1\""));
        assert!(xml.contains("table:name=\"Tableau2\""));
        assert!(xml.contains(
            "<style:style style:name=\"Tableau1.C0\" style:family=\"table-column\">\
             <style:table-column-properties style:rel-column-width=\"2*\"/></style:style>"
        ));
        assert_eq!(xml.matches("<table:table ").count(), 2);
    }

    #[test]
    fn headings_and_paragraphs_carry_their_styles() {
        let mut document = TextDocument::new();
        document.push(&Block::Paragraph(Style::Heading, "Thème : Eau".into()));
        document.push(&Block::Paragraph(Style::Body, "a\nb".into()));
        let xml = content(document);
        assert!(xml.contains(
            "<text:h text:style-name=\"Heading_20_1\" text:outline-level=\"1\">Thème : Eau</text:h>\
             <text:p text:style-name=\"Text_20_body\">a<text:line-break/>b</text:p>"
        ));
    }
}
