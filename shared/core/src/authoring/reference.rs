//! A section's reference (`{nb: "Annexe I > 2.4.", name: "Comportement au feu"}`), derived from
//! its chain of titles as the original back-office derived it at publication.

use super::numbering::{is_verbose_numbering, leading_numbering, starts_like_roman};
use crate::am::Reference;
use unicode_normalization::UnicodeNormalization;

/// The reference of a section whose titles, from the top-level ancestor down to the section
/// itself, are `titles`.
///
/// The number cites the innermost "Article…" or "Annexe…" level and the numbered levels inside
/// it ("Annexe I > 2.4."): levels above it ("Chapitre II", "Annexes") are not cited. Without
/// any article or annexe, every numbered level is. The name is the last title that says more than its numbering.
pub fn reference_of<S: AsRef<str>>(titles: &[S]) -> Reference {
    // The original normalised titles (NFKD) first, so published names come out decomposed.
    let clean: Vec<String> = titles
        .iter()
        .map(|title| title.as_ref().nfkd().collect::<String>().trim().to_string())
        .collect();
    let nb = match clean.iter().rposition(|t| is_article_or_annexe(t)) {
        Some(last) => {
            let numbering = number(&clean[last + 1..]);
            let label = article_or_annexe_label(&clean[last]);
            if numbering.is_empty() {
                label
            } else {
                format!("{label} > {numbering}")
            }
        }
        None => number(&clean),
    };
    let name = clean
        .iter()
        .map(|title| name_part(title))
        .rfind(|name| !name.is_empty())
        .unwrap_or_default();
    Reference { nb, name }
}

fn starts_with_word(title: &str, word: &str) -> bool {
    title.to_lowercase().starts_with(word)
}

fn is_article_or_annexe(title: &str) -> bool {
    starts_with_word(title, "annexe") || starts_with_word(title, "article")
}

/// The numberings of the levels, without one that the very next level extends ("1." before
/// "1.2."; not "1." before an unnumbered level before "1.2.").
fn number(titles: &[String]) -> String {
    // Cited without their spaces: "9. 3. " is cited "9.3.".
    let prefixes: Vec<Option<String>> = titles
        .iter()
        .map(|t| leading_numbering(t).map(|written| written.replace(' ', "")))
        .collect();
    let kept: Vec<&str> = prefixes
        .iter()
        .enumerate()
        .filter_map(|(position, prefix)| {
            let prefix = prefix.as_deref()?;
            let next = prefixes.get(position + 1).and_then(Option::as_deref);
            (!next.is_some_and(|next| extends(prefix, next))).then_some(prefix)
        })
        .collect();
    kept.join(" ")
}

/// "Article 12", "Annexe II", or the annexe an "Article annexe II" title really is.
fn article_or_annexe_label(title: &str) -> String {
    let words: Vec<&str> = title.split(' ').collect();
    if !starts_with_word(title, "article") {
        return label("Annexe", words.get(1));
    }
    match words.get(1) {
        Some(second) if second.to_lowercase() == "annexe" => label("Annexe", words.get(2)),
        second => label("Article", second),
    }
}

/// "Article 12", or "Article" alone when the second word is not a number.
fn label(kind: &str, second: Option<&&str>) -> String {
    match second {
        Some(number) if is_probably_section_number(number) => format!("{kind} {number}"),
        _ => kind.to_string(),
    }
}

/// "12", "2.1", "IV", "a)" are numbers; "Dispositions" is not.
fn is_probably_section_number(word: &str) -> bool {
    if !word.chars().any(char::is_alphanumeric) {
        return false;
    }
    !word.chars().all(char::is_alphabetic) || word.chars().count() <= 2 || starts_like_roman(word)
}

/// "1." is extended by "1.2." and "1.bis"; "a)" by nothing.
fn extends(prefix: &str, next: &str) -> bool {
    is_verbose_numbering(prefix) && next.starts_with(prefix)
}

/// What a title says besides its label ("Article 4", "Chapitre II") and its numbering, without
/// the dashes and colons around it. The numbering is looked for after the label too, as the
/// original did: "Chapitre IV: Impacts" is named "mpacts", its "I" read as a numeral.
fn name_part(title: &str) -> String {
    let words: Vec<&str> = title.split(' ').collect();
    let labelled = ["article", "annexe", "titre", "chapitre", "section"]
        .iter()
        .any(|word| starts_with_word(title, word));
    let rest = if !labelled {
        title.to_string()
    } else {
        let mut skipped = 1;
        if starts_with_word(title, "article")
            && words.get(1).is_some_and(|w| w.to_lowercase() == "annexe")
        {
            skipped += 1;
        }
        if words
            .get(skipped)
            .is_some_and(|w| is_probably_section_number(w))
        {
            skipped += 1;
        }
        words.get(skipped..).unwrap_or_default().join(" ")
    };
    let unnumbered = match leading_numbering(&rest) {
        Some(numbering) => &rest[numbering.len()..],
        None => &rest,
    };
    trim_separators(unnumbered)
}

/// Trims spaces, then one dash and one colon at each end.
fn trim_separators(text: &str) -> String {
    let mut text = text.trim();
    for separator in ['-', ':'] {
        if let Some(stripped) = text.strip_prefix(separator) {
            text = stripped.trim();
        }
        if let Some(stripped) = text.strip_suffix(separator) {
            text = stripped.trim();
        }
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nb(titles: &[&str]) -> String {
        reference_of(titles).nb
    }

    fn name(titles: &[&str]) -> String {
        reference_of(titles).name.nfc().collect()
    }

    #[test]
    fn only_the_innermost_article_or_annexe_and_what_is_inside_it_are_cited() {
        assert_eq!(
            nb(&["Chapitre III : Eau", "Section 3", "Article 29"]),
            "Article 29"
        );
        assert_eq!(
            nb(&["Annexes", "IV. Risques.", "Annexe I", "4.1. Localisation"]),
            "Annexe I > 4.1."
        );
        assert_eq!(nb(&["Chapitre IV : Émissions dans l'eau"]), "");
        assert_eq!(nb(&["TITRE II : DISPOSITIONS", "II."]), "II.");
    }

    #[test]
    fn a_numbering_extended_by_the_next_level_is_dropped() {
        assert_eq!(
            nb(&[
                "Annexes",
                "Annexe I",
                "4. Risques",
                "4.1. Localisation des risques"
            ]),
            "Annexe I > 4.1."
        );
        assert_eq!(
            nb(&["Article 26", "I. - Entretien", "2. Entretien préventif"]),
            "Article 26 > I. 2."
        );
    }

    #[test]
    fn the_name_is_the_last_title_saying_more_than_its_label_and_numbering() {
        assert_eq!(
            name(&["Article 4 - Déclaration d'accidents."]),
            "Déclaration d'accidents."
        );
        assert_eq!(
            name(&["TITRE Ier : GÉNÉRALITÉS", "Article 1"]),
            "GÉNÉRALITÉS"
        );
        assert_eq!(name(&["Annexes"]), "");
        assert_eq!(
            name(&["Chapitre IV: Impacts sur l'air"]),
            "mpacts sur l'air"
        );
    }
}
