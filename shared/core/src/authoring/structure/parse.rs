//! The editor's lines read back into a tree of sections, with a French sentence for each line
//! that cannot be read.

use super::parse_error::ParseError;

use crate::am::EnrichedString;
use crate::legifrance::table::extract_table;
use scraper::Html;

/// Above this size an edited text is refused: the largest AM is about 1 MB.
pub const MAX_BYTES: usize = 5_000_000;

/// Above this many lines an edited text is refused: the largest AM has a few thousand.
pub const MAX_LINES: usize = 50_000;

/// The deepest title level accepted: real AMs go 8 levels deep, and a bound keeps the tree (and
/// every recursive walk of it) shallow whatever is typed.
pub const MAX_LEVEL: usize = 20;

/// A section as the editor wrote it: its title, its alinéas (texts or tables), its subsections.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedSection {
    /// The title, without its `#` and surrounding spaces.
    pub title: String,
    /// The lines between the title and the first subsection.
    pub alineas: Vec<ParsedAlinea>,
    /// The subsections, in order.
    pub sections: Vec<ParsedSection>,
}

/// An alinéa as the editor wrote it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedAlinea {
    /// Its line, trimmed: what tells whether the editor changed it.
    pub line: String,
    /// Its text, or its table.
    pub content: EnrichedString,
}

/// Reads the editor's text into sections: a line starting with `#` is a title of level the
/// number of `#`; a line starting with `<table` is a table; any other line is an alinéa of the
/// title above it; lines empty once trimmed are dropped. The first title must be of level 1 and
/// each title at most one level below the title before it, so that every section has a
/// parent. Every line that breaks a rule is reported, except that only the first line of text
/// before the first title is.
pub fn parse_lines(text: &str) -> Result<Vec<ParsedSection>, Vec<ParseError>> {
    if text.len() > MAX_BYTES {
        return Err(vec![ParseError::TooLong]);
    }
    let lines = text.lines().count();
    if lines > MAX_LINES {
        return Err(vec![ParseError::TooManyLines { lines }]);
    }
    let mut errors = Vec::new();
    let mut tree = Tree::default();
    let mut previous_level = None;
    for (index, line) in text.lines().enumerate() {
        let (line, number) = (line.trim(), index + 1);
        if line.is_empty() {
            continue;
        }
        if line.starts_with('#') {
            let title = line.trim_start_matches('#');
            let level = line.len() - title.len();
            match level_error(number, level, previous_level) {
                Some(error) => errors.push(error),
                None => tree.open(level, title.trim()),
            }
            previous_level = Some(level);
            continue;
        }
        let content = match alinea_of_line(number, line) {
            Ok(content) => content,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        let alinea = ParsedAlinea {
            line: line.to_string(),
            content,
        };
        if !tree.push_alinea(alinea) && !tree.reported_text_before_title {
            tree.reported_text_before_title = true;
            errors.push(ParseError::TextBeforeFirstTitle { line: number });
        }
    }
    if previous_level.is_none() && errors.is_empty() {
        errors.push(ParseError::Empty);
    }
    if errors.is_empty() {
        Ok(tree.finish())
    } else {
        Err(errors)
    }
}

fn level_error(line: usize, level: usize, previous: Option<usize>) -> Option<ParseError> {
    match previous {
        _ if level > MAX_LEVEL => Some(ParseError::TooDeep { line, level }),
        None if level != 1 => Some(ParseError::FirstTitleNotTopLevel { line, level }),
        Some(previous) if level > previous + 1 => Some(ParseError::LevelJump {
            line,
            level,
            previous,
        }),
        _ => None,
    }
}

/// The alinéa of a trimmed line `number` (from 1) that is not a title: a table when it starts
/// with `<table`, else its text.
pub(crate) fn alinea_of_line(number: usize, line: &str) -> Result<EnrichedString, ParseError> {
    if starts_with_ignoring_case(line, "<table") {
        table(number, line)
    } else {
        Ok(EnrichedString {
            text: line.to_string(),
            ..EnrichedString::default()
        })
    }
}

/// The table alinéa of a `<table` line.
fn table(line: usize, html: &str) -> Result<EnrichedString, ParseError> {
    let fragment = Html::parse_fragment(html);
    let tables: Vec<_> = fragment
        .root_element()
        .descendent_elements()
        .filter(|element| element.value().name() == "table")
        .collect();
    let [table] = tables[..] else {
        return Err(ParseError::NotOneTable {
            line,
            count: tables.len(),
        });
    };
    if !ends_with_ignoring_case(html, "</table>") {
        return Err(ParseError::TableNotEnded { line });
    }
    Ok(EnrichedString {
        table: Some(Some(extract_table(table))),
        ..EnrichedString::default()
    })
}

fn starts_with_ignoring_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

fn ends_with_ignoring_case(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len()
        && text
            .get(text.len() - suffix.len()..)
            .is_some_and(|end| end.eq_ignore_ascii_case(suffix))
}

/// The sections being read: the open titles from the top down, and the closed top sections.
#[derive(Default)]
struct Tree {
    open: Vec<ParsedSection>,
    closed: Vec<ParsedSection>,
    reported_text_before_title: bool,
}

impl Tree {
    /// Closes the titles at `level` or deeper and opens this one below what remains; the level
    /// rules make that its parent.
    fn open(&mut self, level: usize, title: &str) {
        while self.open.len() >= level {
            self.close();
        }
        self.open.push(ParsedSection {
            title: title.to_string(),
            alineas: Vec::new(),
            sections: Vec::new(),
        });
    }

    /// Adds the alinéa to the last open title; false when no title is open yet.
    fn push_alinea(&mut self, alinea: ParsedAlinea) -> bool {
        match self.open.last_mut() {
            Some(section) => {
                section.alineas.push(alinea);
                true
            }
            None => false,
        }
    }

    fn close(&mut self) {
        if let Some(section) = self.open.pop() {
            match self.open.last_mut() {
                Some(parent) => parent.sections.push(section),
                None => self.closed.push(section),
            }
        }
    }

    fn finish(mut self) -> Vec<ParsedSection> {
        while !self.open.is_empty() {
            self.close();
        }
        self.closed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(sections: &[ParsedSection]) -> Vec<String> {
        sections
            .iter()
            .map(|s| format!("{}{:?}", s.title, titles(&s.sections)))
            .collect()
    }

    fn messages(text: &str) -> Vec<String> {
        parse_lines(text)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn the_tree_follows_the_title_levels_and_empty_lines_are_dropped() {
        let sections =
            parse_lines("# A\nun\n\n  \n## A.1\ndeux\n### A.1.a\n## A.2\n# B\r\ntrois\n").unwrap();
        assert_eq!(
            titles(&sections),
            [r#"A["A.1[\"A.1.a[]\"]", "A.2[]"]"#, "B[]"]
        );
        assert_eq!(sections[0].alineas[0].content.text, "un");
        assert_eq!(sections[0].sections[0].alineas[0].content.text, "deux");
        assert_eq!(sections[1].alineas[0].content.text, "trois");
    }

    #[test]
    fn a_title_is_trimmed_and_may_be_empty() {
        let sections = parse_lines("#   Article 1  \n#\n").unwrap();
        assert_eq!(titles(&sections), ["Article 1[]", "[]"]);
    }

    #[test]
    fn a_table_line_becomes_a_table_alinea() {
        let sections =
            parse_lines("# A\n<TABLE><tr><th>x</th></tr><tr><td colspan=\"2\">y</td></tr></TABLE>")
                .unwrap();
        let table = sections[0].alineas[0].content.table().unwrap();
        assert!(table.rows[0].is_header);
        assert_eq!(table.rows[1].cells[0].colspan(), 2);
    }

    #[test]
    fn text_before_the_first_title_is_refused_once_with_its_line() {
        assert_eq!(
            messages("\nPréambule\nsuite\n# Article 1"),
            [
                "Ligne 2 : ce texte précède le premier titre ; le texte doit commencer par un titre, sur une ligne commençant par « # »."
            ]
        );
    }

    #[test]
    fn a_text_without_any_line_is_empty() {
        assert_eq!(
            messages(" \n\n"),
            [
                "Le texte est vide : il doit comporter au moins un titre, sur une ligne commençant par « # »."
            ]
        );
    }

    #[test]
    fn a_first_title_below_level_one_is_refused() {
        assert_eq!(
            messages("## Article 1"),
            [
                "Ligne 1 : le premier titre doit être de niveau 1 (un seul « # ») ; celui-ci est de niveau 2."
            ]
        );
    }

    #[test]
    fn a_title_two_levels_below_the_previous_one_is_refused_and_the_next_ones_read_from_it() {
        assert_eq!(
            messages("# A\n### B\n#### C\n##### D\n# E\n### F"),
            [
                "Ligne 2 : ce titre de niveau 3 suit un titre de niveau 1 ; un titre ne peut descendre que d’un niveau à la fois.",
                "Ligne 6 : ce titre de niveau 3 suit un titre de niveau 1 ; un titre ne peut descendre que d’un niveau à la fois."
            ]
        );
    }

    #[test]
    fn a_title_deeper_than_the_bound_is_refused() {
        let text: String = (1..=21)
            .map(|level| format!("{}\n", "#".repeat(level)))
            .collect();
        assert_eq!(
            messages(&text),
            ["Ligne 21 : ce titre est de niveau 21 ; un titre ne peut pas dépasser le niveau 20."]
        );
    }

    #[test]
    fn a_table_line_must_hold_exactly_one_table() {
        assert_eq!(
            messages("# A\n<table><tr><td>a</td></tr></table><table></table>\n<tablette>"),
            [
                "Ligne 2 : une ligne commençant par « <table » doit contenir exactement un tableau ; celle-ci en contient 2.",
                "Ligne 3 : une ligne commençant par « <table » doit contenir exactement un tableau ; celle-ci n’en contient aucun."
            ]
        );
    }

    #[test]
    fn a_table_line_must_end_with_its_table() {
        assert_eq!(
            messages("# A\n<table><tr><td>a</td></tr>\n<table></table> suite"),
            [
                "Ligne 2 : une ligne de tableau doit se terminer par « </table> ».",
                "Ligne 3 : une ligne de tableau doit se terminer par « </table> »."
            ]
        );
    }

    #[test]
    fn texts_over_the_bounds_are_refused_before_being_read() {
        assert_eq!(
            messages(&"a".repeat(MAX_BYTES + 1)),
            ["Le texte est trop long : il dépasse 5 000 000 octets."]
        );
        assert_eq!(
            messages(&"\n".repeat(MAX_LINES + 1)),
            ["Le texte compte 50 001 lignes : il ne peut pas en compter plus de 50 000."]
        );
    }
}
