//! One Légifrance article as an AM section: its HTML read into alinéas, a summary left out,
//! cut into sub-sections at its headings, titled.

use super::html::{Alinea, alineas, fix_spaced_words};
use super::new_section;
use super::payload::Article;
use super::rich_text::RichText;
use super::structure::structure;
use super::title::article_title;
use crate::am::Section;

/// Annexes about existing installations list which points of the text apply to them: their
/// numbering refers to other parts of the text and opens no sub-section.
const EXISTING_INSTALLATIONS: &str = "dispositions applicables aux installations existantes";

/// The summary some annexes open with: from "SOMMAIRE" followed by "Annexe I." to the title of
/// the last annexe it lists.
const SUMMARY_START: [&str; 2] = ["SOMMAIRE", "Annexe I."];
const SUMMARY_END: &str = "Modalités de calcul du dimensionnement du plan d'épandage.";

/// The article as a section; `ancestors` are the titles of the Légifrance sections holding it.
pub(super) fn article_section(article: &Article, ancestors: &[&str]) -> Section {
    let alineas = without_summary(alineas(&fix_spaced_words(article.html())));
    let detect_headings = !is_about_existing_installations(article, ancestors);
    let (outer, sections) = structure(alineas, detect_headings);
    let (title, outer) = article_title(article.num.as_deref(), outer);
    let mut title_text = RichText::default();
    title_text.push_text(&title);
    new_section(title_text.into_title(), outer, sections)
}

fn is_about_existing_installations(article: &Article, ancestors: &[&str]) -> bool {
    let mentions = |text: &str, words: &str| text.to_lowercase().contains(words);
    if ancestors
        .iter()
        .any(|title| mentions(title, EXISTING_INSTALLATIONS))
    {
        return true;
    }
    let in_annexe = ancestors
        .iter()
        .copied()
        .chain(article.num.as_deref())
        .any(|title| mentions(title, "annexe"));
    in_annexe && mentions(article.html(), EXISTING_INSTALLATIONS)
}

fn without_summary(mut alineas: Vec<Alinea>) -> Vec<Alinea> {
    let texts: Vec<Option<String>> = alineas.iter().map(Alinea::text).collect();
    let is = |index: usize, expected: &str| texts[index].as_deref() == Some(expected);
    let Some(start) = (0..texts.len().saturating_sub(1))
        .find(|&index| is(index, SUMMARY_START[0]) && is(index + 1, SUMMARY_START[1]))
    else {
        return alineas;
    };
    if let Some(end) = (start + 1..texts.len()).find(|&index| is(index, SUMMARY_END)) {
        alineas.drain(start..=end);
    }
    alineas
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(num: Option<&str>, content: &str) -> Article {
        serde_json::from_value(serde_json::json!({
            "intOrdre": 0, "num": num, "etat": "VIGUEUR", "content": content
        }))
        .unwrap()
    }

    fn texts(alineas: &[Alinea]) -> Vec<String> {
        alineas.iter().filter_map(Alinea::text).collect()
    }

    #[test]
    fn the_summary_of_the_annexes_is_removed() {
        let lines = [
            "PRESCRIPTIONS GÉNÉRALES APPLICABLES AUX INSTALLATIONS CLASSÉES",
            "SOMMAIRE",
            "Annexe I.",
            "1. Dispositions générales.",
            "1.1. Conformité de l'installation.",
            "2. Implantation. ― Aménagement.",
            "Annexe II.",
            SUMMARY_END,
            "Définitions",
            "Au sens du présent arrêté, on entend par :",
        ];
        let kept = texts(&without_summary(alineas(&lines.join("<br/>"))));
        assert_eq!(kept, [lines[0], lines[8], lines[9]]);
    }

    #[test]
    fn a_summary_without_its_end_is_kept() {
        let lines = ["SOMMAIRE", "Annexe I.", "1. Dispositions générales."];
        assert_eq!(
            texts(&without_summary(alineas(&lines.join("<br/>")))),
            lines
        );
    }

    #[test]
    fn an_article_is_titled_and_cut_at_its_headings() {
        let section = article_section(
            &article(
                Some("2"),
                "Définitions<br/>I. Foo<br/>A. pi<br/>hola<br/>II. Bar",
            ),
            &[],
        );
        assert_eq!(section.title.text, "Article 2 - Définitions");
        assert!(section.outer_alineas.is_empty());
        assert_eq!(section.sections.len(), 2);
        assert_eq!(section.sections[0].sections[0].title.text, "A. pi");
    }

    #[test]
    fn an_annexe_about_existing_installations_is_not_cut() {
        let content = "ANNEXE V<br/>DISPOSITIONS APPLICABLES AUX INSTALLATIONS EXISTANTES<br/>I. - Pour les entrepôts<br/>1. Point";
        let section = article_section(&article(None, content), &["Annexe"]);
        assert_eq!(section.title.text, "Article - ANNEXE V");
        assert!(section.sections.is_empty());
        assert_eq!(section.outer_alineas.len(), 3);

        let elsewhere = article_section(&article(Some("3"), content), &["Titre Ier"]);
        assert_eq!(elsewhere.sections.len(), 1);

        let under_its_title = article_section(
            &article(Some("3"), "1. Point<br/>2. Point"),
            &["Titre II : Dispositions applicables aux installations existantes"],
        );
        assert!(under_its_title.sections.is_empty());
    }
}
