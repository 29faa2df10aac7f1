//! An AM's text as the lines editors read and change: one line per title, alinéa or table.

use crate::am::{ArreteMinisteriel, EnrichedString};

/// The text's lines: each title as `#` repeated by its level (1 for top sections), a space and
/// the title; each alinéa on one line; each table as one line of HTML. Alinéas that are empty
/// once on one line are left out, as the editor would drop them anyway.
///
/// Links are not written: [`super::apply_edit`] keeps the stored title or alinéa (links
/// included) wherever its line comes back unchanged. An alinéa whose text starts with `#` or
/// `<table` would read back as a title or a table; no published AM has one.
pub fn to_lines(text: &ArreteMinisteriel) -> Vec<String> {
    let mut lines = Vec::new();
    for (depth, section) in text.all_sections() {
        lines.push(title_line(depth + 1, &one_line(&section.title.text)));
        lines.extend(
            section
                .outer_alineas
                .iter()
                .map(alinea_line)
                .filter(|line| !line.is_empty()),
        );
    }
    lines
}

/// A title's line at `level` (1 for top sections).
pub(crate) fn title_line(level: usize, title: &str) -> String {
    format!("{} {title}", "#".repeat(level))
}

/// An alinéa's line: its table's HTML, or its text on one line.
pub(crate) fn alinea_line(alinea: &EnrichedString) -> String {
    match alinea.table() {
        Some(table) => table.to_html(),
        None => one_line(&alinea.text),
    }
}

/// The text on one line without surrounding spaces: what an editor's line can hold, so also
/// what stored and edited titles are compared on.
pub(crate) fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn titles_carry_their_level_and_tables_and_alineas_one_line_each() {
        let am: ArreteMinisteriel = serde_json::from_value(json!({
            "id": "JORFTEXT000000000001", "title": {"text": "Arrêté du 01/01/20"},
            "sections": [{"id": "a", "title": {"text": "Annexe I "}, "outer_alineas": [
                    {"text": "Le site\nest clos."}, {"text": "  "},
                    {"text": "", "table": {"rows": [{"is_header": false, "cells": [
                        {"content": {"text": "x"}, "colspan": 1, "rowspan": 1}]}]}}],
                "sections": [{"id": "b", "title": {"text": "1. Eau"}}]}]}))
        .unwrap();
        assert_eq!(
            to_lines(&am),
            [
                "# Annexe I",
                "Le site est clos.",
                "<table><tr><td>x</td></tr></table>",
                "## 1. Eau"
            ]
        );
    }
}
