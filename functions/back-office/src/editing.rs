//! What the structure editor shows of an edit, whoever proposed it (an editor's lines or a
//! Légifrance payload): its table of contents, the changed lines of its diff, and what saving
//! it would lose.

use envinorma_core::authoring::Parametrization;
use envinorma_core::authoring::structure::{Change, DiffLine, LineDiff, Orphan};
use serde::Deserialize;

/// Lines of context shown around each change: enough to place it, while a one-line change
/// in a long AM does not show its thousands of unchanged lines.
const CONTEXT: usize = 2;

/// Where an edited text comes from: what the edit log says of its saving.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Lines an editor typed.
    #[default]
    Editeur,
    /// The text of a Légifrance payload.
    Legifrance,
}

impl Origin {
    /// The form field's value.
    pub fn field(self) -> &'static str {
        match self {
            Origin::Editeur => "editeur",
            Origin::Legifrance => "legifrance",
        }
    }

    /// The edit log's `what`.
    pub fn what(self) -> &'static str {
        match self {
            Origin::Editeur => "texte modifié",
            Origin::Legifrance => "texte remplacé par la version Légifrance",
        }
    }
}

/// One title of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    /// 1 for top sections.
    pub level: usize,
    pub title: String,
}

/// The titles (lines starting with `#`) of the edited lines, as the editor typed them.
pub fn toc(lines: &str) -> Vec<TocEntry> {
    lines
        .lines()
        .filter_map(|line| {
            let title = line.trim_start_matches('#');
            let level = line.len() - title.len();
            (level > 0).then(|| TocEntry {
                level,
                title: title.trim().to_string(),
            })
        })
        .collect()
}

/// The diff's changed lines with [`CONTEXT`] unchanged lines around them, in runs: unchanged
/// lines between two runs are left out.
pub fn hunks(diff: &LineDiff) -> Vec<Vec<DiffLine>> {
    let changed: Vec<usize> = (0..diff.lines.len())
        .filter(|&at| diff.lines[at].change != Change::Same)
        .collect();
    let mut hunks: Vec<Vec<DiffLine>> = Vec::new();
    let mut shown_until = 0;
    for at in changed {
        let start = at.saturating_sub(CONTEXT);
        // Changes come in order: each window ends at or after the one before.
        let end = (at + CONTEXT + 1).min(diff.lines.len());
        match hunks.last_mut() {
            Some(hunk) if start <= shown_until => {
                hunk.extend_from_slice(&diff.lines[shown_until..end]);
            }
            _ => hunks.push(diff.lines[start..end].to_vec()),
        }
        shown_until = end;
    }
    hunks
}

/// Whether losing this section loses what an editor entered: its topic or parametrization
/// (its id alone is kept in `orphan_titles`).
pub fn loses_work(orphan: &Orphan) -> bool {
    orphan.topic.is_some() || !descriptions(&orphan.parametrization).is_empty()
}

/// Each parametrization element, as the orphans' list names it.
pub fn descriptions(parametrization: &Parametrization) -> Vec<String> {
    let inapplicable = parametrization
        .inapplicable_sections
        .iter()
        .map(|element| format!("une condition d’inapplicabilité ({})", element.id));
    let alternative = parametrization
        .alternative_sections
        .iter()
        .map(|element| format!("une section alternative ({})", element.id));
    let warnings = parametrization
        .warnings
        .iter()
        .map(|element| format!("l’avertissement « {} »", element.text));
    inapplicable.chain(alternative).chain(warnings).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use envinorma_core::authoring::structure::diff_lines;

    fn lines(text: &str) -> Vec<String> {
        text.split(' ').map(String::from).collect()
    }

    #[test]
    fn the_toc_lists_the_title_lines_with_their_level() {
        let toc = toc("# Titre I\ntexte\n## 1. Eau\n#### profond\n pas # un titre");
        let read: Vec<(usize, &str)> = toc.iter().map(|e| (e.level, e.title.as_str())).collect();
        assert_eq!(read, [(1, "Titre I"), (2, "1. Eau"), (4, "profond")]);
    }

    #[test]
    fn changes_are_shown_with_two_lines_around_and_far_apart_ones_in_separate_runs() {
        let saved = lines("a b c d e f g h i j k l");
        let edited = lines("a B c d e f g h i j k L");
        let hunks = hunks(&diff_lines(&saved, &edited));
        let written: Vec<Vec<&str>> = hunks
            .iter()
            .map(|hunk| hunk.iter().map(|line| line.line.as_str()).collect())
            .collect();
        assert_eq!(
            written,
            [vec!["a", "b", "B", "c", "d"], vec!["j", "k", "l", "L"]]
        );
    }

    #[test]
    fn close_changes_share_one_run_and_no_change_shows_nothing() {
        let saved = lines("a b c d e f");
        let edited = lines("a B c d E f");
        let hunks = hunks(&diff_lines(&saved, &edited));
        assert_eq!(hunks.len(), 1);
        assert_eq!(hunks[0].len(), 8);
        assert!(super::hunks(&diff_lines(&saved, &saved)).is_empty());
    }
}
