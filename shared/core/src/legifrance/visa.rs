//! The visa: the "Vu …" lines of the text's preamble, with their links.

use super::html::inline_text;
use crate::am::EnrichedString;

/// The lines of the visa HTML that start with "vu" (any case), each with its links. Lines are
/// trimmed before the test: some payloads indent every line (`<br/> Vu le code…`), which the
/// original's test on the raw line missed.
pub(super) fn visa_lines(html: &str) -> Vec<EnrichedString> {
    html.split("<br/>")
        .map(str::trim_start)
        .filter(|line| {
            line.get(..2)
                .is_some_and(|start| start.eq_ignore_ascii_case("vu"))
        })
        .map(|line| inline_text(line).trimmed().into_enriched())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lines_starting_with_vu_are_kept_with_their_links() {
        let visa = visa_lines(
            "<p align='left'><br/>La ministre,<br/>Vu le <a href='/affichCode.do?cid=1'>code de l'environnement</a> ;<br/> vu l'avis ;<br/>Arrête :</p>",
        );
        let texts: Vec<&str> = visa.iter().map(|line| line.text.as_str()).collect();
        assert_eq!(texts, ["Vu le code de l'environnement ;", "vu l'avis ;"]);
        let links = visa[0].links.as_ref().unwrap();
        assert_eq!(
            links[0].target,
            "https://www.legifrance.gouv.fr/affichCode.do?cid=1"
        );
        assert_eq!((links[0].position, links[0].content_size), (6, 23));
        assert_eq!(visa[1].links, None);
    }

    #[test]
    fn an_empty_visa_has_no_line() {
        assert!(visa_lines("").is_empty());
    }
}
