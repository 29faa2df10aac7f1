//! An HTML `<table>` read into the AM's [`Table`]: a row's cells are its `td`, or its `th` when it
//! has no `td`; a row with a `th` is a header row; spans default to 1.

use crate::am::{Cell, EnrichedString, Row, Table};
use ego_tree::iter::Edge;
use scraper::{ElementRef, Node};

/// Tags that put their content on lines of its own inside a cell.
const BLOCK_TAGS: [&str; 2] = ["p", "div"];

/// The table an HTML `<table>` element describes.
pub(crate) fn extract_table(table: ElementRef) -> Table {
    Table {
        rows: descendants_named(table, "tr").map(extract_row).collect(),
    }
}

fn extract_row(row: ElementRef) -> Row {
    let has_td = descendants_named(row, "td").next().is_some();
    let is_header = descendants_named(row, "th").next().is_some();
    Row {
        cells: descendants_named(row, if has_td { "td" } else { "th" })
            .map(extract_cell)
            .collect(),
        is_header,
    }
}

fn extract_cell(cell: ElementRef) -> Cell {
    let span = |name: &str| {
        cell.value()
            .attr(name)
            .and_then(|value| value.trim().parse::<i64>().ok())
            .unwrap_or(1)
    };
    Cell {
        content: EnrichedString {
            text: cell_text(cell),
            ..EnrichedString::default()
        },
        raw_colspan: span("colspan"),
        raw_rowspan: span("rowspan"),
    }
}

/// The cell's lines (split at `<br>` and around paragraphs), each trimmed, joined by line breaks.
fn cell_text(cell: ElementRef) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut end_line = |line: &mut String| {
        if !line.is_empty() {
            lines.push(std::mem::take(line).trim().to_string());
        }
    };
    for edge in cell.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Text(text) => line.push_str(text),
                Node::Element(element)
                    if element.name() == "br" || BLOCK_TAGS.contains(&element.name()) =>
                {
                    end_line(&mut line);
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(element) = node.value()
                    && BLOCK_TAGS.contains(&element.name())
                {
                    end_line(&mut line);
                }
            }
        }
    }
    end_line(&mut line);
    lines.join("\n")
}

fn descendants_named<'a>(
    element: ElementRef<'a>,
    name: &'static str,
) -> impl Iterator<Item = ElementRef<'a>> {
    element
        .descendent_elements()
        .filter(move |descendant| descendant.value().name() == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn table(html: &str) -> Table {
        let fragment = Html::parse_fragment(html);
        let table = fragment
            .root_element()
            .descendent_elements()
            .find(|element| element.value().name() == "table")
            .unwrap();
        extract_table(table)
    }

    fn texts(row: &Row) -> Vec<&str> {
        row.cells
            .iter()
            .map(|cell| cell.content.text.as_str())
            .collect()
    }

    #[test]
    fn header_rows_take_their_th_cells_and_other_rows_their_td_cells() {
        let table = table(
            "<table><tr><th>A</th><th>B</th></tr><tr><th>side</th><td>D</td><td>E</td></tr></table>",
        );
        assert_eq!(table.rows.len(), 2);
        assert!(table.rows[0].is_header);
        assert_eq!(texts(&table.rows[0]), ["A", "B"]);
        assert!(table.rows[1].is_header);
        assert_eq!(texts(&table.rows[1]), ["D", "E"]);
    }

    #[test]
    fn spans_default_to_one_and_odd_ones_are_kept() {
        let table = table(
            r#"<table><tr><td colspan="2">a</td><td rowspan="-2">b</td><td colspan="x">c</td></tr></table>"#,
        );
        let spans: Vec<(i64, i64)> = table.rows[0]
            .cells
            .iter()
            .map(|cell| (cell.raw_colspan, cell.raw_rowspan))
            .collect();
        assert_eq!(spans, [(2, 1), (1, -2), (1, 1)]);
    }

    #[test]
    fn a_cell_keeps_its_lines_trimmed_and_its_links_as_text() {
        let table = table(
            r#"<table><tr><td><p> un </p>deux<br/> <a href="/x">trois</a> <b>quatre</b></td></tr></table>"#,
        );
        assert_eq!(texts(&table.rows[0]), ["un\ndeux\ntrois quatre"]);
    }
}
