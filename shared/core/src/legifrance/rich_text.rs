//! Text read from HTML with its links kept apart until the end, so that trimming and cleaning
//! never shift a link's position: positions are computed once, in code points, when the text
//! becomes an [`EnrichedString`].

use crate::am::{EnrichedString, Link};

/// Where every relative Légifrance link points.
const LEGIFRANCE_URL: &str = "https://www.legifrance.gouv.fr";

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct RichText {
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Link { target: String, text: String },
}

impl RichText {
    pub fn push_text(&mut self, text: &str) {
        match self.pieces.last_mut() {
            Some(Piece::Text(last)) => last.push_str(text),
            _ => self.pieces.push(Piece::Text(text.to_string())),
        }
    }

    /// Appends a link's text; relative targets (all of Légifrance's) get the site's address.
    pub fn push_link(&mut self, href: &str, text: String) {
        let absolute = href.starts_with("http://") || href.starts_with("https://");
        let target = if absolute {
            href.to_string()
        } else {
            format!("{LEGIFRANCE_URL}{href}")
        };
        self.pieces.push(Piece::Link { target, text });
    }

    /// The text as read, links included.
    pub fn plain(&self) -> String {
        self.pieces.iter().map(Piece::text).collect()
    }

    /// True when there is no text at all, links included.
    pub fn is_blank(&self) -> bool {
        self.pieces.iter().all(|piece| piece.text().is_empty())
    }

    /// Whitespace removed at both ends; a link's own text is kept whole, as the original's
    /// placeholders (never blank) shielded it from stripping.
    pub fn trimmed(mut self) -> RichText {
        while let Some(Piece::Text(first)) = self.pieces.first_mut() {
            let kept = first.trim_start().len();
            first.drain(..first.len() - kept);
            if !first.is_empty() {
                break;
            }
            self.pieces.remove(0);
        }
        while let Some(Piece::Text(last)) = self.pieces.last_mut() {
            last.truncate(last.trim_end().len());
            if !last.is_empty() {
                break;
            }
            self.pieces.pop();
        }
        self
    }

    /// A title on one line: line breaks become spaces, ends trimmed.
    pub fn into_title(mut self) -> EnrichedString {
        for piece in &mut self.pieces {
            let text = piece.text_mut();
            *text = text.replace("\r\n", " ").replace('\n', " ");
        }
        self.trimmed().into_enriched()
    }

    /// The text with its links; `links` is left out when there are none, as the original writes it.
    pub fn into_enriched(self) -> EnrichedString {
        let mut text = String::new();
        let mut position = 0usize;
        let mut links = Vec::new();
        for piece in self.pieces {
            let size = piece.text().chars().count();
            text.push_str(piece.text());
            if let Piece::Link { target, .. } = piece {
                links.push(Link {
                    target,
                    position: to_i64(position),
                    content_size: to_i64(size),
                });
            }
            position += size;
        }
        EnrichedString {
            text,
            links: (!links.is_empty()).then_some(links),
            ..EnrichedString::default()
        }
    }
}

impl Piece {
    fn text(&self) -> &str {
        match self {
            Piece::Text(text) | Piece::Link { text, .. } => text,
        }
    }

    fn text_mut(&mut self) -> &mut String {
        match self {
            Piece::Text(text) | Piece::Link { text, .. } => text,
        }
    }
}

/// Positions fit easily: the payload is at most 20 MB.
fn to_i64(count: usize) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hello() -> RichText {
        let mut text = RichText::default();
        text.push_text("  Hello, ");
        text.push_text("how ");
        text.push_link("/rf", "àré".into());
        text.push_text(" \n");
        text
    }

    #[test]
    fn link_positions_count_code_points_after_trimming() {
        let enriched = hello().trimmed().into_enriched();
        assert_eq!(enriched.text, "Hello, how àré");
        let links = enriched.links.unwrap();
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].target, "https://www.legifrance.gouv.fr/rf");
        assert_eq!((links[0].position, links[0].content_size), (11, 3));
    }

    #[test]
    fn absolute_targets_are_kept_as_they_are() {
        let mut text = RichText::default();
        text.push_link("https://example.org/x", "x".into());
        let links = text.into_enriched().links.unwrap();
        assert_eq!(links[0].target, "https://example.org/x");
    }

    #[test]
    fn titles_lose_line_breaks_and_surrounding_spaces() {
        let mut text = RichText::default();
        text.push_text("\n Titre\r\nII ");
        assert_eq!(text.into_title().text, "Titre II");
    }

    #[test]
    fn text_without_links_has_no_link_list() {
        let mut text = RichText::default();
        text.push_text("plain");
        assert_eq!(text.into_enriched().links, None);
    }
}
