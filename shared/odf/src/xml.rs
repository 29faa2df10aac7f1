//! Writing user text into XML: whatever the text holds, the document stays well formed.

/// Whether XML 1.0 accepts the character at all; other control characters make the whole
/// document unreadable, so they are dropped rather than escaped (there is no escape for them).
fn allowed(c: char) -> bool {
    !c.is_control() || matches!(c, '\t' | '\n' | '\r')
}

/// Appends `value` escaped for a double- or single-quoted attribute. Tabs and newlines become
/// character references because parsers turn raw ones into spaces in attribute values.
pub fn push_attr(out: &mut String, value: &str) {
    for c in value.chars().filter(|&c| allowed(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => {}
            c => out.push(c),
        }
    }
}

/// Appends `text` as the content of a `text:p` or `text:h`: escaped, `\n` as a line break,
/// tabs as `text:tab`, and runs of spaces as `text:s` because ODF collapses white space
/// (so "ANNEXE  I" keeps its two spaces, and a line keeps its indentation).
pub fn push_text(out: &mut String, text: &str) {
    let mut spaces = 0;
    // A lone space is written as is, except where ODF drops it: at the start of a line and at
    // the end of the text.
    let mut at_line_start = true;
    for c in text.chars().filter(|&c| allowed(c) && c != '\r') {
        if c == ' ' {
            spaces += 1;
            continue;
        }
        flush_spaces(out, spaces, at_line_start);
        spaces = 0;
        at_line_start = c == '\n';
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<text:line-break/>"),
            '\t' => out.push_str("<text:tab/>"),
            c => out.push(c),
        }
    }
    flush_spaces(out, spaces, true);
}

fn flush_spaces(out: &mut String, spaces: usize, at_edge: bool) {
    let literal = usize::from(spaces > 0 && !at_edge);
    out.push_str(&" ".repeat(literal));
    match spaces - literal {
        0 => {}
        1 => out.push_str("<text:s/>"),
        n => out.push_str(&format!("<text:s text:c=\"{n}\"/>")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> String {
        let mut out = String::new();
        push_text(&mut out, value);
        out
    }

    fn attr(value: &str) -> String {
        let mut out = String::new();
        push_attr(&mut out, value);
        out
    }

    #[test]
    fn markup_characters_are_escaped_in_text_and_attributes() {
        assert_eq!(
            text(r#"a & b < c > "d""#),
            "a &amp; b &lt; c &gt; &quot;d&quot;"
        );
        assert_eq!(attr(r#"l'"<&>"#), "l&apos;&quot;&lt;&amp;&gt;");
    }

    #[test]
    fn control_characters_are_dropped_but_tabs_and_newlines_kept() {
        assert_eq!(text("a\u{0}b\u{1b}c\u{7f}\r\nd"), "abc<text:line-break/>d");
        assert_eq!(attr("a\u{8}\tb\nc"), "a&#9;b&#10;c");
    }

    #[test]
    fn newlines_and_tabs_become_odf_elements() {
        assert_eq!(text("A\tB\nC"), "A<text:tab/>B<text:line-break/>C");
    }

    #[test]
    fn repeated_leading_and_trailing_spaces_survive_white_space_collapsing() {
        assert_eq!(text("ANNEXE  I"), "ANNEXE <text:s/>I");
        assert_eq!(text("a b"), "a b");
        assert_eq!(text("  x"), "<text:s text:c=\"2\"/>x");
        assert_eq!(text("x \n y "), "x <text:line-break/><text:s/>y<text:s/>");
    }

    #[test]
    fn non_ascii_text_is_written_as_is() {
        assert_eq!(
            text("Constats de l’Inspection – 500 mg/m³"),
            "Constats de l’Inspection – 500 mg/m³"
        );
    }
}
