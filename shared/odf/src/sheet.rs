//! Spreadsheets (`.ods`).

use crate::OdfError;
use crate::package::{self, Kind};
use crate::xml::{push_attr, push_text};
use envinorma_core::Date;

/// Cell formats: bold headers, wrapped text aligned at the top, and dates shown `JJ/MM/AAAA`.
const SHEET_STYLES: &str = concat!(
    r#"<number:date-style style:name="DateFr"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>"#,
    r##"<style:style style:name="Header" style:family="table-cell" style:parent-style-name="Default"><style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="top" fo:background-color="#dddddd"/><style:text-properties fo:font-weight="bold"/></style:style>"##,
    r#"<style:style style:name="Text" style:family="table-cell" style:parent-style-name="Default"><style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="top"/></style:style>"#,
    r#"<style:style style:name="Date" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="DateFr"><style:table-cell-properties style:vertical-align="top"/></style:style>"#,
);

/// A cell's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text; `\n` starts a new line inside the cell.
    Text(String),
    /// A real date (sortable, filterable), shown `JJ/MM/AAAA`.
    Date(Date),
    Empty,
}

/// One sheet: a header row, then the data rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    pub name: String,
    /// The header row's labels, one per column.
    pub header: Vec<String>,
    /// Column widths in centimetres; missing ones get the reader's default.
    pub column_widths_cm: Vec<f32>,
    pub rows: Vec<Vec<Value>>,
}

/// The `.ods` file holding `sheets` in order; `title` goes to its metadata.
pub fn spreadsheet(sheets: &[Sheet], title: &str) -> Result<Vec<u8>, OdfError> {
    let mut automatic_styles = SHEET_STYLES.to_string();
    let mut body = String::new();
    for (s, sheet) in sheets.iter().enumerate() {
        body.push_str("<table:table table:name=\"");
        push_attr(&mut body, &sheet.name);
        body.push_str("\">");
        for (c, width) in sheet.column_widths_cm.iter().enumerate() {
            let style = format!("S{s}C{c}");
            automatic_styles.push_str(&format!(
                "<style:style style:name=\"{style}\" style:family=\"table-column\">\
                 <style:table-column-properties style:column-width=\"{width}cm\"/></style:style>"
            ));
            body.push_str(&format!(
                "<table:table-column table:style-name=\"{style}\" \
                 table:default-cell-style-name=\"Text\"/>"
            ));
        }
        body.push_str("<table:table-header-rows><table:table-row>");
        for label in &sheet.header {
            body.push_str("<table:table-cell table:style-name=\"Header\" office:value-type=\"string\"><text:p>");
            push_text(&mut body, label);
            body.push_str("</text:p></table:table-cell>");
        }
        body.push_str("</table:table-row></table:table-header-rows>");
        for row in &sheet.rows {
            body.push_str("<table:table-row>");
            for value in row {
                push_cell(&mut body, value);
            }
            body.push_str("</table:table-row>");
        }
        body.push_str("</table:table>");
    }
    package::document(Kind::Spreadsheet, &automatic_styles, &body, title)
}

fn push_cell(out: &mut String, value: &Value) {
    match value {
        Value::Text(text) => {
            out.push_str(
                "<table:table-cell table:style-name=\"Text\" office:value-type=\"string\">",
            );
            // Calc drops `text:line-break` and `text:tab` in cells: it reads a cell's lines as
            // paragraphs, and keeps tab characters (where text documents collapse them).
            for line in text.split('\n') {
                out.push_str("<text:p>");
                for (i, part) in line.split('\t').enumerate() {
                    out.push_str(if i > 0 { "&#9;" } else { "" });
                    push_text(out, part);
                }
                out.push_str("</text:p>");
            }
            out.push_str("</table:table-cell>");
        }
        Value::Date(date) => out.push_str(&format!(
            "<table:table-cell table:style-name=\"Date\" office:value-type=\"date\" \
             office:date-value=\"{date}\"><text:p>{}</text:p></table:table-cell>",
            date.french()
        )),
        Value::Empty => out.push_str("<table:table-cell table:style-name=\"Text\"/>"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn a_sheet_has_its_header_then_text_date_and_empty_cells() {
        let sheet = Sheet {
            name: "PDC".into(),
            header: vec!["Nom".into(), "Date".into(), "Notes".into()],
            column_widths_cm: vec![5.0, 3.0],
            rows: vec![vec![
                Value::Text("a & b\nc\td".into()),
                Value::Date(Date::new(2021, 4, 27).unwrap()),
                Value::Empty,
            ]],
        };
        let bytes = spreadsheet(&[sheet], "GUN").unwrap();
        assert!(bytes[30..].starts_with(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"));
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        zip.by_name("content.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        assert!(xml.contains(
            "<table:table table:name=\"PDC\"><table:table-column table:style-name=\"S0C0\""
        ));
        assert!(xml.contains("<style:table-column-properties style:column-width=\"5cm\"/>"));
        assert!(xml.contains(
            "<table:table-cell table:style-name=\"Header\" office:value-type=\"string\"><text:p>Nom</text:p>"
        ));
        assert!(xml.contains(
            "<table:table-row><table:table-cell table:style-name=\"Text\" office:value-type=\"string\">\
             <text:p>a &amp; b</text:p><text:p>c&#9;d</text:p></table:table-cell>\
             <table:table-cell table:style-name=\"Date\" office:value-type=\"date\" \
             office:date-value=\"2021-04-27\"><text:p>27/04/2021</text:p></table:table-cell>\
             <table:table-cell table:style-name=\"Text\"/></table:table-row>"
        ));
    }
}
