//! Légifrance HTML read into alinéas: every tag boundary ends an alinéa except those of inline
//! formatting tags, a table is an alinéa of its own, and links keep their targets.

use super::rich_text::RichText;
use super::table::extract_table;
use crate::am::{EnrichedString, Table};
use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node};

/// Formatting tags that do not end an alinéa: `10<sup>3</sup> m` is one piece of text.
const INLINE_TAGS: [&str; 7] = ["sup", "sub", "font", "strong", "b", "i", "em"];

/// One alinéa of an article: text with links, or a table.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Alinea {
    Text(RichText),
    Table(Table),
}

impl Alinea {
    /// The alinéa's text, links included; `None` for a table.
    pub fn text(&self) -> Option<String> {
        match self {
            Alinea::Text(text) => Some(text.plain()),
            Alinea::Table(_) => None,
        }
    }

    /// As stored in the AM: a table alinéa has an empty text.
    pub fn into_enriched(self) -> EnrichedString {
        match self {
            Alinea::Text(text) => text.into_enriched(),
            Alinea::Table(table) => EnrichedString {
                table: Some(Some(table)),
                ..EnrichedString::default()
            },
        }
    }

    /// As the title of the section it opens.
    pub fn into_title(self) -> EnrichedString {
        match self {
            Alinea::Text(text) => text.into_title(),
            table => table.into_enriched(),
        }
    }
}

/// The alinéas of an article's HTML, blank ones left out.
pub(super) fn alineas(html: &str) -> Vec<Alinea> {
    let mut reader = Reader {
        split: true,
        ..Reader::default()
    };
    reader.read(html);
    reader.end_alinea();
    reader.alineas
}

/// All the text of an HTML snippet (a visa line, a section title) with its links, untrimmed.
pub(super) fn inline_text(html: &str) -> RichText {
    let mut reader = Reader::default();
    reader.read(html);
    reader.current
}

#[derive(Default)]
struct Reader {
    /// Whether tag boundaries end alinéas and tables are pulled out.
    split: bool,
    current: RichText,
    alineas: Vec<Alinea>,
}

impl Reader {
    /// Walks the tree edge by edge rather than recursively: an upload's nesting is unbounded.
    fn read(&mut self, html: &str) {
        let fragment = Html::parse_fragment(html);
        let mut skipped: Option<NodeId> = None;
        for edge in fragment.root_element().traverse() {
            if let Some(skipped_id) = skipped {
                if matches!(edge, Edge::Close(node) if node.id() == skipped_id) {
                    skipped = None;
                }
                continue;
            }
            match edge {
                Edge::Open(node) => {
                    if let Some(element) = ElementRef::wrap(node) {
                        if self.open(element) {
                            skipped = Some(node.id());
                        }
                    } else if let Node::Text(text) = node.value() {
                        self.current.push_text(text);
                    } else if node.value().is_comment() && self.split {
                        self.end_alinea();
                    }
                }
                Edge::Close(node) => {
                    if ElementRef::wrap(node).is_some_and(|element| self.ends_alinea(element)) {
                        self.end_alinea();
                    }
                }
            }
        }
    }

    /// Handles an opening tag; true when its content has been read whole and must be skipped.
    fn open(&mut self, element: ElementRef) -> bool {
        if element.value().name() == "a"
            && let Some(href) = element.value().attr("href")
        {
            self.current.push_link(href, element.text().collect());
            return true;
        }
        if self.split && element.value().name() == "table" {
            self.end_alinea();
            self.alineas.push(Alinea::Table(extract_table(element)));
            return true;
        }
        if self.ends_alinea(element) {
            self.end_alinea();
        }
        false
    }

    fn ends_alinea(&self, element: ElementRef) -> bool {
        self.split && !INLINE_TAGS.contains(&element.value().name())
    }

    fn end_alinea(&mut self) {
        let text = std::mem::take(&mut self.current).trimmed();
        if !text.is_blank() {
            self.alineas.push(Alinea::Text(text));
        }
    }
}

/// Elements that never hold others, and those whose end tag may be left out (the parser closes
/// them itself): neither can make the tree deep.
const SHALLOW_TAGS: [&str; 30] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option",
    "optgroup", "colgroup", "caption", "html", "body",
];

/// How deep the HTML nests its tags, counted from the tags as written (without parsing), so that
/// an upload nesting thousands of `<div>` is refused before the parser, whose work grows with the
/// square of the depth, spends minutes on it.
pub(super) fn tag_depth(html: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let closing = rest.starts_with('/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .bytes()
            .take_while(u8::is_ascii_alphanumeric)
            .count();
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        // A `<` that opens no tag ("a < b") is text: reading on from it, not from the next `>`,
        // keeps a tag that follows from being skipped.
        if !name.starts_with(|ch: char| ch.is_ascii_alphabetic()) {
            continue;
        }
        let Some(end) = rest.find('>') else { break };
        if !SHALLOW_TAGS.contains(&name.as_str()) {
            if closing {
                depth = depth.saturating_sub(1);
            } else if !rest[..end].ends_with('/') {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
        rest = &rest[end + 1..];
    }
    deepest
}

/// Words Légifrance sometimes spells out letter by letter (`A N N E X E I I`), rewritten so
/// that numbering detection sees `ANNEXE II`. Longer numerals first, since `I I` is in `I I I`.
pub(super) fn fix_spaced_words(html: &str) -> String {
    const SPACED: &str = "A N N E X E";
    const NUMERALS: [&str; 7] = ["IX", "VIII", "VII", "VI", "IV", "III", "II"];
    let mut fixed = html.replace(&format!("{SPACED} S"), "ANNEXES");
    for numeral in NUMERALS {
        let spaced_numeral: Vec<String> = numeral.chars().map(String::from).collect();
        fixed = fixed.replace(
            &format!("{SPACED} {}", spaced_numeral.join(" ")),
            &format!("ANNEXE {numeral}"),
        );
    }
    fixed.replace(SPACED, "ANNEXE")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<Option<String>> {
        alineas(html).iter().map(Alinea::text).collect()
    }

    #[test]
    fn a_link_gives_its_position_and_size_in_the_text() {
        let text = inline_text(r#"Hello, how <a href="rf">are</a>"#).into_enriched();
        assert_eq!(text.text, "Hello, how are");
        let links = text.links.unwrap();
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].target, "https://www.legifrance.gouv.frrf");
        assert_eq!((links[0].position, links[0].content_size), (11, 3));
    }

    #[test]
    fn tags_split_alineas_but_formatting_tags_do_not() {
        assert_eq!(
            texts("<p>Holà</p><p>10<sup>3</sup> m<b>3</b></p>un<br/>deux <i>trois</i>"),
            ["Holà", "103 m3", "un", "deux trois"].map(|t| Some(t.to_string()))
        );
    }

    #[test]
    fn a_table_is_an_alinea_of_its_own_and_a_link_stays_inside_its_alinea() {
        let html = r#"
            <p>Holà</p>
            <p><div><table><tr><th>A</th><th>B</th></tr><tr><td>D</td><td>E</td></tr></table></div></p>
            Hello, how <a href="/rf">are</a><br/>
        "#;
        let alineas = alineas(html);
        assert_eq!(alineas.len(), 3);
        assert_eq!(alineas[0].text().as_deref(), Some("Holà"));
        assert!(matches!(&alineas[1], Alinea::Table(table) if table.rows.len() == 2));
        let last = alineas[2].clone().into_enriched();
        assert_eq!(last.text, "Hello, how are");
        assert_eq!(last.links.map(|links| links.len()), Some(1));
    }

    #[test]
    fn blank_pieces_and_comments_make_no_alinea() {
        assert_eq!(
            texts("<p> </p>a<!-- note -->b<br/>&nbsp;<br/>"),
            ["a", "b"].map(|t| Some(t.to_string()))
        );
    }

    #[test]
    fn tag_depth_counts_only_tags_that_can_nest_deeply() {
        assert_eq!(tag_depth("<div><span>a</span><b>b</b></div>"), 2);
        assert_eq!(tag_depth("<p>a<p>b<br>c<br/><td>d<img src='x'/>"), 0);
        assert_eq!(tag_depth("<div/><div>a < b</div>"), 1);
        assert_eq!(tag_depth("a < <div>< <div>"), 2);
        assert_eq!(tag_depth(&"<div>".repeat(500)), 500);
        assert_eq!(tag_depth("no tags"), 0);
    }

    #[test]
    fn nested_html_is_read_without_recursion() {
        let depth = 2_000;
        let html = format!(
            "{}deep{}",
            "<span><b>".repeat(depth),
            "</b></span>".repeat(depth)
        );
        assert_eq!(texts(&html), [Some("deep".to_string())]);
    }

    #[test]
    fn spaced_out_annexe_words_are_joined() {
        for (spaced, joined) in [
            ("A N N E X E S I I", "ANNEXES I I"),
            ("A N N E X E I I I", "ANNEXE III"),
            ("A N N E X E I V", "ANNEXE IV"),
            ("A N N E X E I I", "ANNEXE II"),
            ("A N N E X E V", "ANNEXE V"),
            ("A N N E X E V I", "ANNEXE VI"),
        ] {
            assert_eq!(fix_spaced_words(spaced), joined);
        }
    }
}
