//! Two versions of an AM's text compared line by line (the back-office's « Comparer »): the
//! lines of [`to_lines`] with each table split into one HTML tag a line, optionally normalised
//! so that only letters and digits count, and the changed lines marked character by character.

use super::diff::{Change, DiffLine, diff_lines};
use super::lines::to_lines;
use crate::am::ArreteMinisteriel;
use unicode_normalization::UnicodeNormalization;

/// Paired lines longer than this (in characters) are shown without character marks: the
/// character diff's cost grows with their length.
pub const MAX_MARKED_CHARS: usize = 2_000;
/// At most this many pairs of lines are tried in one comparison, for the same reason.
pub const MAX_MARKED_PAIRS: usize = 200;

/// The text's lines as compared: titles as `#` repeated by level then the title, alinéas on
/// one line, tables one HTML tag a line (a change in a cell then shows on its own line);
/// normalised by [`normalised`] when `normalise`.
pub fn text_lines(text: &ArreteMinisteriel, normalise: bool) -> Vec<String> {
    let lines = to_lines(text).into_iter().flat_map(|line| {
        if line.starts_with("<table") {
            tag_lines(&line)
        } else {
            vec![line]
        }
    });
    match normalise {
        true => lines.map(|line| normalised(&line)).collect(),
        false => lines.collect(),
    }
}

/// An HTML line cut before each tag, each piece trimmed.
fn tag_lines(html: &str) -> Vec<String> {
    let mut starts: Vec<usize> = html.match_indices('<').map(|(at, _)| at).collect();
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    starts.push(html.len());
    starts
        .windows(2)
        .map(|piece| html[piece[0]..piece[1]].trim().to_string())
        .filter(|piece| !piece.is_empty())
        .collect()
}

/// The line without accents nor punctuation: letters folded to ASCII (« é » to « e », « œ »
/// to « oe »), then only ASCII letters, digits and spaces kept, as unidecode then
/// `[^A-Za-z0-9\s]` removed would give.
pub fn normalised(line: &str) -> String {
    line.nfkd()
        .flat_map(|c| {
            let folded: &[char] = match c {
                'œ' => &['o', 'e'],
                'Œ' => &['O', 'E'],
                'æ' => &['a', 'e'],
                'Æ' => &['A', 'E'],
                'ß' => &['s', 's'],
                c if c.is_whitespace() => &[' '],
                _ => return vec![c],
            };
            folded.to_vec()
        })
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ')
        .collect()
}

/// A piece of a shown line: characters the other version of the line does not have, or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub changed: bool,
}

/// A line of a diff with its character marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkedLine {
    pub change: Change,
    /// The line in pieces; a line without a counterpart is one unchanged piece.
    pub segments: Vec<Segment>,
}

impl MarkedLine {
    fn whole(line: &DiffLine) -> MarkedLine {
        MarkedLine {
            change: line.change,
            segments: vec![Segment {
                text: line.line.clone(),
                changed: false,
            }],
        }
    }
}

/// The lines with character marks: in each run of changed lines, each added line is paired
/// with a removed one alike enough, in order, and both are marked where they differ. The run
/// is shown with its removed lines first. At most `pairs` pairs are tried; the count is
/// decreased.
pub fn marked(lines: &[DiffLine], pairs: &mut usize) -> Vec<MarkedLine> {
    let mut marked = Vec::with_capacity(lines.len());
    let mut at = 0;
    while at < lines.len() {
        if lines[at].change == Change::Same {
            marked.push(MarkedLine::whole(&lines[at]));
            at += 1;
            continue;
        }
        let end = (at..lines.len())
            .find(|&end| lines[end].change == Change::Same)
            .unwrap_or(lines.len());
        let run = &lines[at..end];
        let side = |change: Change| run.iter().filter(move |line| line.change == change);
        let mut removed: Vec<MarkedLine> = side(Change::Removed).map(MarkedLine::whole).collect();
        let mut added: Vec<MarkedLine> = side(Change::Added).map(MarkedLine::whole).collect();
        // Each added line is paired with the next removed line alike enough, so that a
        // paragraph kept among removed ones is still found.
        let olds: Vec<&DiffLine> = side(Change::Removed).collect();
        let mut next_old = 0;
        for (n, new) in side(Change::Added).enumerate() {
            for (o, old) in olds.iter().enumerate().skip(next_old) {
                if *pairs == 0 {
                    break;
                }
                *pairs -= 1;
                if let Some((old_marks, new_marks)) = char_marks(&old.line, &new.line) {
                    removed[o].segments = old_marks;
                    added[n].segments = new_marks;
                    next_old = o + 1;
                    break;
                }
            }
        }
        marked.extend(removed);
        marked.extend(added);
        at = end;
    }
    marked
}

/// Both lines in pieces, changed where the character diff says; `None` when a line is over
/// [`MAX_MARKED_CHARS`], the diff is not minimal or the lines have little in common.
fn char_marks(old: &str, new: &str) -> Option<(Vec<Segment>, Vec<Segment>)> {
    let chars = |line: &str| -> Option<Vec<String>> {
        let chars: Vec<String> = line.chars().map(String::from).collect();
        (chars.len() <= MAX_MARKED_CHARS).then_some(chars)
    };
    let (old, new) = (chars(old)?, chars(new)?);
    let diff = diff_lines(&old, &new);
    let kept = diff
        .lines
        .iter()
        .filter(|c| c.change == Change::Same)
        .count();
    // Two lines with less than half their characters in common are different lines, not one
    // line changed: marks all over them would say nothing.
    if !diff.minimal || 2 * kept < old.len().max(new.len()) {
        return None;
    }
    let side = |other: Change| {
        let mut segments: Vec<Segment> = Vec::new();
        for line in diff.lines.iter().filter(|line| line.change != other) {
            let changed = line.change != Change::Same;
            match segments.last_mut() {
                Some(last) if last.changed == changed => last.text.push_str(&line.line),
                _ => segments.push(Segment {
                    text: line.line.clone(),
                    changed,
                }),
            }
        }
        segments
    };
    Some((side(Change::Added), side(Change::Removed)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn line(change: Change, line: &str) -> DiffLine {
        DiffLine {
            change,
            line: line.to_string(),
        }
    }

    /// The line with its changed pieces in brackets.
    fn written(line: &MarkedLine) -> String {
        line.segments
            .iter()
            .map(|s| match s.changed {
                true => format!("[{}]", s.text),
                false => s.text.clone(),
            })
            .collect()
    }

    #[test]
    fn titles_alineas_and_tables_give_one_line_each_tag_and_normalised_lines_keep_letters() {
        let am: ArreteMinisteriel = serde_json::from_value(json!({
            "id": "JORFTEXT000000000001", "title": {"text": "Arrêté"},
            "sections": [{"id": "a", "title": {"text": "Annexe I"}, "outer_alineas": [
                {"text": "L’exploitant tient à jour l’état « des stocks »."},
                {"text": "", "table": {"rows": [{"is_header": false, "cells": [
                    {"content": {"text": "Débit"}, "colspan": 1, "rowspan": 1}]}]}}],
                "sections": [{"id": "b", "title": {"text": "1. Œuvres"}}]}]}))
        .unwrap();
        assert_eq!(
            text_lines(&am, false),
            [
                "# Annexe I",
                "L’exploitant tient à jour l’état « des stocks ».",
                "<table>",
                "<tr>",
                "<td>Débit",
                "</td>",
                "</tr>",
                "</table>",
                "## 1. Œuvres"
            ]
        );
        let normal = text_lines(&am, true);
        assert_eq!(normal[1], "Lexploitant tient a jour letat  des stocks ");
        assert_eq!(normal[4], "tdDebit");
        assert_eq!(normal[8], " 1 OEuvres");
    }

    #[test]
    fn changed_lines_are_paired_and_marked_where_they_differ() {
        let lines = [
            line(Change::Same, "a"),
            line(Change::Added, "Le débit est mesuré."),
            line(Change::Removed, "Le débit est relevé."),
            line(Change::Added, "Une ligne de plus."),
            line(Change::Same, "b"),
        ];
        let mut pairs = MAX_MARKED_PAIRS;
        let marked = marked(&lines, &mut pairs);
        let shown: Vec<(Change, String)> = marked.iter().map(|l| (l.change, written(l))).collect();
        assert_eq!(
            shown,
            [
                (Change::Same, "a".to_string()),
                (Change::Removed, "Le débit est [r]e[lev]é.".to_string()),
                (Change::Added, "Le débit est [m]e[sur]é.".to_string()),
                (Change::Added, "Une ligne de plus.".to_string()),
                (Change::Same, "b".to_string()),
            ]
        );
        assert_eq!(pairs, MAX_MARKED_PAIRS - 1);
    }

    #[test]
    fn long_lines_and_spent_pairs_are_shown_whole() {
        let long = "x".repeat(MAX_MARKED_CHARS + 1);
        let lines = [line(Change::Removed, &long), line(Change::Added, "y")];
        let mut pairs = 1;
        assert!(
            marked(&lines, &mut pairs)
                .iter()
                .all(|l| l.segments.len() == 1)
        );
        let lines = [line(Change::Removed, "abc"), line(Change::Added, "abd")];
        let mut none = 0;
        assert_eq!(written(&marked(&lines, &mut none)[0]), "abc");
        let unlike = [line(Change::Removed, "abcd"), line(Change::Added, "axyz")];
        let mut pairs = 1;
        assert_eq!(written(&marked(&unlike, &mut pairs)[0]), "abcd");
        // A line alike is found past unlike ones.
        let lines = [
            line(Change::Removed, "wxyz"),
            line(Change::Removed, "abcd"),
            line(Change::Added, "abce"),
        ];
        let mut pairs = 2;
        let shown: Vec<String> = marked(&lines, &mut pairs).iter().map(written).collect();
        assert_eq!(shown, ["wxyz", "abc[d]", "abc[e]"]);
    }
}
