//! A table written as one line of HTML, the form editors read and change in the structure editor
//! (the Légifrance import reads the same HTML back into a [`Table`]).

use super::Table;

impl Table {
    /// The table as one line of HTML: `th` cells in header rows, `td` cells otherwise, spans
    /// written only when above 1, a cell's line breaks as `<br/>`.
    pub fn to_html(&self) -> String {
        let mut html = String::from("<table>");
        for row in &self.rows {
            html.push_str("<tr>");
            let tag = if row.is_header { "th" } else { "td" };
            for cell in &row.cells {
                html.push('<');
                html.push_str(tag);
                for (name, span) in [("colspan", cell.colspan()), ("rowspan", cell.rowspan())] {
                    if span > 1 {
                        html.push_str(&format!(" {name}=\"{span}\""));
                    }
                }
                html.push('>');
                for (n, line) in cell.content.text.split('\n').enumerate() {
                    if n > 0 {
                        html.push_str("<br/>");
                    }
                    push_escaped(&mut html, line);
                }
                html.push_str(&format!("</{tag}>"));
            }
            html.push_str("</tr>");
        }
        html.push_str("</table>");
        html
    }
}

/// Escapes what HTML would otherwise read as markup, so that a cell reading `a < b` stays text.
fn push_escaped(html: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            _ => html.push(ch),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::am::Table;
    use serde_json::json;

    #[test]
    fn header_rows_use_th_and_only_spans_above_one_are_written() {
        let table: Table = serde_json::from_value(json!({"rows": [
            {"is_header": true, "cells": [{"content": {"text": "Seuil"}, "colspan": 2, "rowspan": 1}]},
            {"is_header": false, "cells": [
                {"content": {"text": "a < b & c"}, "colspan": -1, "rowspan": 3},
                {"content": {"text": "un\ndeux"}, "colspan": 1, "rowspan": 1}]}]}))
        .unwrap();
        assert_eq!(
            table.to_html(),
            "<table><tr><th colspan=\"2\">Seuil</th></tr>\
             <tr><td rowspan=\"3\">a &lt; b &amp; c</td><td>un<br/>deux</td></tr></table>"
        );
    }
}
