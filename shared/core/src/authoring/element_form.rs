//! The parameter editors' fields besides the condition (spec A.5, "Parameter editors"): the
//! alinéas an inapplicability targets, the text of an alternative section, a warning's text.

use super::structure::{ParseError, alinea_line, alinea_of_line, one_line, title_line};
use crate::am::{EnrichedString, Section};

/// A warning must be longer than this many characters (the original refused 10 or fewer).
pub const WARNING_MIN_EXCLUSIVE: usize = 10;

/// Why an editor's fields cannot make an element, as the sentence the editor is shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ElementFormError {
    /// A checked alinéa the section does not have (the text changed since the form was shown).
    #[error(
        "L’alinéa n°{alinea} n’existe pas : la section n’en compte que {count}. Rechargez la page."
    )]
    AlineaOutOfRange {
        /// The alinéa, from 1.
        alinea: usize,
        /// How many the section has.
        count: usize,
    },
    /// The alternative section has no title.
    #[error("Le champ « Titre » doit contenir au moins 1 caractère.")]
    TitleMissing,
    /// The alternative section has no content.
    #[error("Le champ « Contenu du paragraphe » doit contenir au moins 1 caractère.")]
    ContentMissing,
    /// Lines of the alternative section that cannot be read (tables, for now).
    #[error("{}", lines.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Lines {
        /// One error per line at fault, in order.
        lines: Vec<ParseError>,
    },
    /// The warning is too short to say anything.
    #[error(
        "Le champ « Contenu de l’avertissement » doit contenir plus de {WARNING_MIN_EXCLUSIVE} caractères ; il en contient {length}."
    )]
    WarningTooShort {
        /// Its length in characters, once trimmed.
        length: usize,
    },
}

/// The alinéas (0-based) an inapplicability targets, from those checked among a section's
/// `alinea_count`: `None`, the whole section, when none or all are checked; else the checked
/// ones, sorted once each.
pub fn target_alineas(
    checked: &[usize],
    alinea_count: usize,
) -> Result<Option<Vec<usize>>, ElementFormError> {
    if let Some(&alinea) = checked.iter().find(|&&alinea| alinea >= alinea_count) {
        return Err(ElementFormError::AlineaOutOfRange {
            alinea: alinea + 1,
            count: alinea_count,
        });
    }
    let mut alineas = checked.to_vec();
    alineas.sort_unstable();
    alineas.dedup();
    Ok((!alineas.is_empty() && alineas.len() < alinea_count).then_some(alineas))
}

/// What the alternative section's textarea starts with: the section's alinéas one a line
/// (tables as one line of HTML), then each subsection's title as a `#` line (one `#` per level
/// below the section) followed by its alinéas.
pub fn alternative_content(section: &Section) -> String {
    let mut lines: Vec<String> = section.outer_alineas.iter().map(alinea_line).collect();
    let mut stack: Vec<(usize, &Section)> = section.sections.iter().rev().map(|s| (1, s)).collect();
    while let Some((depth, subsection)) = stack.pop() {
        lines.push(title_line(depth, &one_line(&subsection.title.text)));
        lines.extend(subsection.outer_alineas.iter().map(alinea_line));
        stack.extend(subsection.sections.iter().rev().map(|s| (depth + 1, s)));
    }
    lines.retain(|line| !line.trim().is_empty());
    lines.join("\n")
}

/// The replacing text of an alternative section, with the id the caller draws: its title, and
/// each non-empty line of `content` as one alinéa (a `<table` line as a table), without
/// subsections. Title and content must each hold a character other than a space.
pub fn alternative_text(id: &str, title: &str, content: &str) -> Result<Section, ElementFormError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(ElementFormError::TitleMissing);
    }
    let mut outer_alineas = Vec::new();
    let mut errors = Vec::new();
    for (index, line) in content.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match alinea_of_line(index + 1, line) {
            Ok(alinea) => outer_alineas.push(alinea),
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(ElementFormError::Lines { lines: errors });
    }
    if outer_alineas.is_empty() {
        return Err(ElementFormError::ContentMissing);
    }
    Ok(Section {
        id: id.to_owned(),
        title: EnrichedString {
            text: title.to_owned(),
            ..EnrichedString::default()
        },
        outer_alineas,
        sections: Vec::new(),
        applicability: None,
        // Written `null`, as the original's new texts are.
        reference: Some(None),
        reference_str: None,
        annotations: None,
        parametrization: Default::default(),
    })
}

/// A warning's text, trimmed, when it is longer than [`WARNING_MIN_EXCLUSIVE`] characters.
pub fn warning_text(text: &str) -> Result<String, ElementFormError> {
    let text = text.trim();
    let length = text.chars().count();
    if length <= WARNING_MIN_EXCLUSIVE {
        return Err(ElementFormError::WarningTooShort { length });
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn all_or_none_of_the_alineas_checked_target_the_whole_section() {
        assert_eq!(target_alineas(&[0, 1], 2), Ok(None));
        assert_eq!(target_alineas(&[1, 0, 1], 2), Ok(None));
        assert_eq!(target_alineas(&[], 2), Ok(None));
        assert_eq!(target_alineas(&[0], 2), Ok(Some(vec![0])));
    }

    #[test]
    fn the_original_fake_am_targets_keep_a_part_and_drop_a_whole() {
        // Section [5] of the original's fake_am has 3 alinéas, section [5, 1] has 1.
        assert_eq!(target_alineas(&[2, 0], 3), Ok(Some(vec![0, 2])));
        assert_eq!(target_alineas(&[0], 1), Ok(None));
    }

    #[test]
    fn an_alinea_the_section_lacks_is_refused() {
        assert_eq!(
            target_alineas(&[0, 10], 3).unwrap_err().to_string(),
            "L’alinéa n°11 n’existe pas : la section n’en compte que 3. Rechargez la page."
        );
    }

    #[test]
    fn a_title_and_a_content_make_a_section_of_one_alinea_a_line() {
        let section = alternative_text("a1b2c3d4e5f6", "aa", "bb").unwrap();
        assert_eq!(section.title.text, "aa");
        assert_eq!(
            serde_json::to_value(&section.outer_alineas).unwrap(),
            json!([{"text": "bb"}])
        );
        let section = alternative_text(
            "a1b2c3d4e5f6",
            " 1. Titre ",
            "un\n\n  \n<table><tr><td>x</td></tr></table>\n# pas un titre\r\n",
        )
        .unwrap();
        assert_eq!(section.title.text, "1. Titre");
        let texts: Vec<_> = section
            .outer_alineas
            .iter()
            .map(|a| a.text.as_str())
            .collect();
        assert_eq!(texts, ["un", "", "# pas un titre"]);
        assert_eq!(
            section.outer_alineas[1].table().unwrap().to_html(),
            "<table><tr><td>x</td></tr></table>"
        );
        assert!(section.sections.is_empty());
        assert_eq!(
            serde_json::to_value(&section).unwrap()["reference"],
            json!(null)
        );
    }

    #[test]
    fn a_title_or_a_content_alone_is_refused() {
        assert_eq!(
            alternative_text("x", "aa", "").unwrap_err().to_string(),
            "Le champ « Contenu du paragraphe » doit contenir au moins 1 caractère."
        );
        assert_eq!(
            alternative_text("x", "aa", " \n ").unwrap_err(),
            ElementFormError::ContentMissing
        );
        assert_eq!(
            alternative_text("x", "", "bb").unwrap_err().to_string(),
            "Le champ « Titre » doit contenir au moins 1 caractère."
        );
    }

    #[test]
    fn a_table_line_that_cannot_be_read_is_refused_with_its_line() {
        assert_eq!(
            alternative_text("x", "aa", "un\n<table><tr><td>x</td></tr>\n<tablette>")
                .unwrap_err()
                .to_string(),
            "Ligne 2 : une ligne de tableau doit se terminer par « </table> ».\n\
             Ligne 3 : une ligne commençant par « <table » doit contenir exactement un tableau ; celle-ci n’en contient aucun."
        );
    }

    #[test]
    fn the_textarea_starts_with_the_alineas_then_the_subsections_as_hash_lines() {
        let section: Section = serde_json::from_value(json!({"id": "s", "title": {"text": "1. A"},
            "outer_alineas": [{"text": "un"}, {"text": ""}, {"text": "", "table": {"rows": [
                {"is_header": false, "cells": [{"content": {"text": "x"}, "colspan": 1, "rowspan": 1}]}]}}],
            "sections": [{"id": "t", "title": {"text": "1.1 B"}, "outer_alineas": [{"text": "deux"}],
                "sections": [{"id": "u", "title": {"text": "a) C"}, "outer_alineas": []}]}]}))
        .unwrap();
        assert_eq!(
            alternative_content(&section),
            "un\n<table><tr><td>x</td></tr></table>\n# 1.1 B\ndeux\n## a) C"
        );
    }

    #[test]
    fn a_warning_needs_more_than_ten_characters() {
        assert_eq!(
            warning_text("too short").unwrap_err().to_string(),
            "Le champ « Contenu de l’avertissement » doit contenir plus de 10 caractères ; il en contient 9."
        );
        assert!(warning_text("   1234567890  ").is_err());
        assert_eq!(
            warning_text(" Content of warning. ").as_deref(),
            Ok("Content of warning.")
        );
    }
}
