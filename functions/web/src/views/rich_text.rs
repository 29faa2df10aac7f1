//! AM text as template pieces: plain text, line breaks and links placed by character offsets.
//!
//! The template writes the markup; every piece of text goes through its escaping. Links come
//! from the AM data: only http(s) targets become links (never `javascript:`), and a link that
//! overlaps another or falls outside the text is left out rather than misplaced.

use envinorma_core::{EnrichedString, Link};

/// One piece of rendered text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    /// A `\n` of the source: `<br>`.
    Break,
    /// `<a href="…">`.
    LinkStart(&'a str),
    /// `</a>`.
    LinkEnd,
}

/// The pieces of an alinéa or a cell.
pub fn pieces(text: &EnrichedString) -> Vec<Piece<'_>> {
    pieces_of(&text.text, text.links.as_deref().unwrap_or_default())
}

/// The pieces of `text` with `links` (positions and sizes in characters).
pub fn pieces_of<'a>(text: &'a str, links: &'a [Link]) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    let mut done = 0;
    for (start, end, target) in byte_ranges(text, links) {
        push_text(&mut out, &text[done..start]);
        out.push(Piece::LinkStart(target));
        push_text(&mut out, &text[start..end]);
        out.push(Piece::LinkEnd);
        done = end;
    }
    push_text(&mut out, &text[done..]);
    out
}

fn push_text<'a>(out: &mut Vec<Piece<'a>>, text: &'a str) {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push(Piece::Break);
        }
        if !line.is_empty() {
            out.push(Piece::Text(line));
        }
    }
}

/// The usable links as byte ranges, in text order.
fn byte_ranges<'a>(text: &str, links: &'a [Link]) -> Vec<(usize, usize, &'a str)> {
    let mut usable: Vec<&Link> = links
        .iter()
        .filter(|link| link.position >= 0 && link.content_size > 0 && is_web_url(&link.target))
        .collect();
    if usable.is_empty() {
        return Vec::new();
    }
    usable.sort_by_key(|link| link.position);
    // Character offset → byte offset, for every character boundary (end of text included).
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(byte, _)| byte)
        .chain([text.len()])
        .collect();
    let byte_at = |chars: i64| {
        usize::try_from(chars)
            .ok()
            .and_then(|i| boundaries.get(i).copied())
    };
    let mut ranges: Vec<(usize, usize, &str)> = Vec::new();
    for link in usable {
        let (Some(start), Some(end)) = (
            byte_at(link.position),
            byte_at(link.position.saturating_add(link.content_size)),
        ) else {
            continue;
        };
        if ranges
            .last()
            .is_none_or(|&(_, previous_end, _)| start >= previous_end)
        {
            ranges.push((start, end, link.target.as_str()));
        }
    }
    ranges
}

/// Whether `target` is an http(s) URL (the only links we render).
pub(crate) fn is_web_url(target: &str) -> bool {
    let lower = target.get(..8).unwrap_or(target).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(target: &str, position: i64, content_size: i64) -> Link {
        Link {
            target: target.into(),
            position,
            content_size,
        }
    }

    #[test]
    fn links_land_on_characters_after_accents() {
        let text = "Arrêté préfectoral, voir l'article R. 541-8 ici";
        let links = [link("https://legifrance.gouv.fr/x", 27, 16)];
        assert_eq!(
            pieces_of(text, &links),
            [
                Piece::Text("Arrêté préfectoral, voir l'"),
                Piece::LinkStart("https://legifrance.gouv.fr/x"),
                Piece::Text("article R. 541-8"),
                Piece::LinkEnd,
                Piece::Text(" ici"),
            ]
        );
    }

    #[test]
    fn newlines_become_breaks_even_inside_links() {
        let links = [link("http://a.fr", 2, 3)];
        assert_eq!(
            pieces_of("a\nb\nc\n", &links),
            [
                Piece::Text("a"),
                Piece::Break,
                Piece::LinkStart("http://a.fr"),
                Piece::Text("b"),
                Piece::Break,
                Piece::Text("c"),
                Piece::LinkEnd,
                Piece::Break,
            ]
        );
    }

    #[test]
    fn unsafe_overlapping_and_out_of_range_links_are_left_out() {
        let links = [
            link("javascript:alert(1)", 0, 2),
            link("https://a.fr", 1, 3),
            link("https://b.fr", 2, 3),
            link("https://c.fr", 5, 10),
            link("https://d.fr", -1, 2),
        ];
        assert_eq!(
            pieces_of("abcdef", &links),
            [
                Piece::Text("a"),
                Piece::LinkStart("https://a.fr"),
                Piece::Text("bcd"),
                Piece::LinkEnd,
                Piece::Text("ef"),
            ]
        );
    }

    #[test]
    fn a_link_may_end_exactly_at_the_end_of_the_text() {
        let links = [link("https://a.fr", 3, 2)];
        let pieces = pieces_of("été à", &links);
        assert_eq!(pieces[1], Piece::LinkStart("https://a.fr"));
        assert_eq!(pieces[2], Piece::Text(" à"));
    }
}
