//! Article titles: Légifrance gives only a number ("3", "Annexe II"), so the heading the text
//! opens with, when it has one, is moved into the title.

use crate::am::EnrichedString;

/// Share of uppercase letters above which a line is a heading written in capitals.
const MAINLY_UPPER: f64 = 0.97;

/// First words that open a sentence rather than a heading.
const SENTENCE_OPENERS: [&str; 9] = ["le", "la", "les", "l", "un", "une", "pour", "sur", "sans"];

/// A heading has fewer words than this.
const MAX_TITLE_WORDS: usize = 15;

/// An annexe's title takes at most this many leading lines in capitals.
const MAX_ANNEXE_TITLE_LINES: usize = 2;

/// The article's title, and its alinéas without those moved into the title.
pub(super) fn article_title(
    num: Option<&str>,
    mut alineas: Vec<EnrichedString>,
) -> (String, Vec<EnrichedString>) {
    if let Some(num) = num.filter(|num| num.to_lowercase().contains("annexe")) {
        let heading_lines = alineas
            .iter()
            .take(MAX_ANNEXE_TITLE_LINES)
            .take_while(|alinea| is_mainly_upper(&alinea.text))
            .count();
        let heading: Vec<String> = alineas.drain(..heading_lines).map(|a| a.text).collect();
        let title = if heading.is_empty() {
            num.to_string()
        } else {
            format!("{num} - {}", heading.join(" "))
        };
        return (title, alineas);
    }
    let article = num.map_or_else(|| "Article".to_string(), |num| format!("Article {num}"));
    match alineas.first() {
        Some(first) if is_probably_title(&first.text) => {
            let first = alineas.remove(0);
            (format!("{article} - {}", first.text), alineas)
        }
        _ => (article, alineas),
    }
}

/// At least 97 % of the letters are uppercase (false when there are no letters).
pub(super) fn is_mainly_upper(text: &str) -> bool {
    let (letters, upper) = text
        .chars()
        .filter(|ch| ch.is_alphabetic())
        .fold((0usize, 0usize), |(letters, upper), ch| {
            (letters + 1, upper + usize::from(ch.is_uppercase()))
        });
    letters > 0 && upper as f64 / letters as f64 >= MAINLY_UPPER
}

/// A line in capitals, or a short one that neither opens like a sentence nor announces a list.
pub(super) fn is_probably_title(text: &str) -> bool {
    if text.is_empty() {
        return false;
    }
    if is_mainly_upper(text) {
        return true;
    }
    let first_word = text.split(' ').next().unwrap_or_default();
    let first_word = first_word.split('\'').next().unwrap_or_default();
    !SENTENCE_OPENERS.contains(&first_word.to_lowercase().as_str())
        && !text.ends_with(':')
        && text.split(' ').count() < MAX_TITLE_WORDS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<EnrichedString> {
        texts
            .iter()
            .map(|text| EnrichedString {
                text: text.to_string(),
                ..EnrichedString::default()
            })
            .collect()
    }

    fn texts(alineas: &[EnrichedString]) -> Vec<&str> {
        alineas.iter().map(|alinea| alinea.text.as_str()).collect()
    }

    #[test]
    fn an_annexe_takes_up_to_two_leading_lines_in_capitals_as_its_title() {
        let alineas = lines(&[
            "DISPOSITIONS GENERALES",
            "APPLICABLES AUX INSTALLATIONS EXISTANTES",
            "Cf ci-dessous",
        ]);
        let (title, rest) = article_title(Some("Annexe I"), alineas.clone());
        assert_eq!(
            title,
            "Annexe I - DISPOSITIONS GENERALES APPLICABLES AUX INSTALLATIONS EXISTANTES"
        );
        assert_eq!(texts(&rest), ["Cf ci-dessous"]);
        let (title, rest) = article_title(Some("Annexe I"), alineas[..1].to_vec());
        assert_eq!(title, "Annexe I - DISPOSITIONS GENERALES");
        assert!(rest.is_empty());
        assert_eq!(article_title(Some("Annexe I"), vec![]).0, "Annexe I");
    }

    #[test]
    fn an_annexe_opening_with_a_sentence_keeps_its_number_as_title() {
        let alineas = lines(&[
            "Dispositions generales applicables aux installations existantes:",
            "Cf ci-dessous",
        ]);
        let (title, rest) = article_title(Some("Annexes"), alineas.clone());
        assert_eq!(title, "Annexes");
        assert_eq!(rest, alineas);
    }

    #[test]
    fn an_article_takes_its_first_line_as_title_when_it_reads_as_one() {
        let (title, rest) = article_title(
            Some("1"),
            lines(&["Valeurs limites d'émission.", "Cf ci-dessous"]),
        );
        assert_eq!(title, "Article 1 - Valeurs limites d'émission.");
        assert_eq!(texts(&rest), ["Cf ci-dessous"]);

        let alineas = lines(&[
            "L'exploitant doit respecter les valeurs limites d'émission suivantes:",
            "CO2: 403",
        ]);
        let (title, rest) = article_title(Some("1"), alineas.clone());
        assert_eq!(title, "Article 1");
        assert_eq!(rest, alineas);
        assert_eq!(article_title(None, vec![]).0, "Article");
    }

    #[test]
    fn headings_are_told_from_sentences() {
        assert!(is_probably_title("DISPOSITIONS GÉNÉRALES"));
        assert!(is_probably_title("LES DÉFINITIONS SUIVANTES :"));
        assert!(is_probably_title("Définitions"));
        assert!(is_probably_title("Règles d'implantation."));
        assert!(!is_probably_title("Le présent arrêté entre en vigueur."));
        assert!(!is_probably_title("L'exploitant tient un registre."));
        assert!(!is_probably_title("Sans préjudice des dispositions"));
        assert!(!is_probably_title(
            "Au sens du présent arrêté, on entend par :"
        ));
        assert!(!is_probably_title(
            "Toute modification apportée par le déclarant à l'installation est portée à la connaissance du préfet"
        ));
        assert!(!is_probably_title(""));
    }

    #[test]
    fn mainly_upper_needs_97_percent_of_letters_in_capitals() {
        assert!(is_mainly_upper("ANNEXE II - DÉFINITIONS (1)"));
        assert!(!is_mainly_upper("ANNEXE II - Définitions"));
        assert!(!is_mainly_upper("2.1. 3°"));
    }
}
