//! The structure editor: an AM's text shown as lines ([`to_lines`]), changed by an editor, read
//! back ([`parse_lines`]) and saved ([`apply_edit`]) keeping the ids, topics and
//! parametrization of the sections the edit continues, and listing what it loses.

mod compare;
mod diff;
mod lines;
mod matching;
mod orphans;
mod parse;
mod parse_error;
mod rebuild;

pub use compare::{
    MAX_MARKED_CHARS, MAX_MARKED_PAIRS, MarkedLine, Segment, marked, normalised, text_lines,
};
pub use diff::{Change, DiffLine, LineDiff, MAX_EDIT_DISTANCE, diff_lines};
pub use lines::to_lines;
pub(crate) use lines::{alinea_line, one_line, title_line};
pub use orphans::{Orphan, Orphans};
pub(crate) use parse::alinea_of_line;
pub use parse::{MAX_BYTES, MAX_LEVEL, MAX_LINES, ParsedAlinea, ParsedSection, parse_lines};
pub use parse_error::ParseError;

use crate::am::ArreteMinisteriel;
use crate::authoring::Parametrization;
use crate::legifrance::ids::IdGenerator;
use std::collections::HashSet;

/// What saving an edit gives: the text to store, what it loses, and how its lines changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// The new text: edited sections with the ids they keep, `orphan_titles` completed.
    pub text: ArreteMinisteriel,
    /// The stored sections the edit removes, for the confirmation before saving.
    pub orphans: Orphans,
    /// The stored text's lines against the new text's.
    pub diff: LineDiff,
}

/// Reads `edited_lines` as the new content of `text`. An edited section continues a stored one
/// when their title is unique in both versions, else when their (parent title, title) pair
/// is; it then keeps the stored id, topic and stored details (see [`to_lines`] on links).
/// Other sections get fresh ids, drawn from the AM's id so that the same edit gives the same
/// ids, and never an id the AM has used: parametrization elements left targeting a removed
/// section must not come to target a new one.
pub fn apply_edit(
    text: &ArreteMinisteriel,
    parametrization: &Parametrization,
    edited_lines: &str,
) -> Result<Edit, Vec<ParseError>> {
    let edited = parse_lines(edited_lines)?;
    let continued = matching::match_sections(text, &edited);
    let kept: HashSet<&str> = continued
        .iter()
        .flatten()
        .map(|section| section.id.as_str())
        .collect();
    let taken = text
        .all_sections()
        .map(|(_, section)| section.id.clone())
        .chain(
            text.orphan_titles
                .iter()
                .flat_map(|titles| titles.keys().cloned()),
        )
        .collect();
    let mut ids = IdGenerator::new(&text.id, taken);
    let sections = rebuild::rebuild(&edited, &continued, &mut ids);
    let orphans = Orphans::of(text, parametrization, &kept);
    let new_text = ArreteMinisteriel {
        sections,
        orphan_titles: orphans.merged_into(text.orphan_titles.as_ref()),
        ..text.clone()
    };
    let diff = diff_lines(&to_lines(text), &to_lines(&new_text));
    Ok(Edit {
        text: new_text,
        orphans,
        diff,
    })
}
