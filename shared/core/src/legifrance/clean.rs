//! Articles put in order and unnumbered ones folded into the article they continue: Légifrance
//! splits some articles in two (a numbered one, then its rest without a number), and sometimes
//! repeats an article without its number.

use super::html::inline_text;
use super::payload::{Article, LegifranceSection};
use std::collections::BTreeMap;

/// How the content of merged articles is joined: a line break between them.
const JOINT: &str = "\n<br/>\n";

/// At or above this word-count cosine similarity, an unnumbered article repeats the previous one.
const SAME_TEXT: f64 = 0.95;

/// The section's articles cleaned, and its subsections' at every depth.
pub(super) fn clean_section(section: LegifranceSection) -> LegifranceSection {
    LegifranceSection {
        articles: clean_articles(section.articles),
        sections: section.sections.into_iter().map(clean_section).collect(),
        ..section
    }
}

/// Sorted by `intOrdre`; articles all without a number become one; otherwise an unnumbered
/// article following a numbered one (and "Annexe I (suite)" following "Annexe I") is merged into
/// it, or dropped when it repeats it.
pub(super) fn clean_articles(mut articles: Vec<Article>) -> Vec<Article> {
    articles.sort_by_key(|article| article.int_ordre);
    if articles.iter().all(|article| article.num.is_none()) {
        let mut rest = articles.into_iter();
        return rest
            .next()
            .map(|first| vec![merge(first, rest.collect())])
            .unwrap_or_default();
    }
    let mut cleaned: Vec<Article> = Vec::with_capacity(articles.len());
    // Whether the last kept article is numbered and has not taken another in: each takes one.
    let mut open = false;
    let mut after_annexe_one = false;
    for article in articles {
        let num = article.num.as_deref();
        let continues =
            (open && num.is_none()) || (after_annexe_one && num == Some("Annexe I (suite)"));
        after_annexe_one = num == Some("Annexe I");
        open = !continues && num.is_some();
        match cleaned.pop() {
            Some(previous) if continues => cleaned.push(merge_pair(previous, article)),
            Some(previous) => cleaned.extend([previous, article]),
            None => cleaned.push(article),
        }
    }
    cleaned
}

fn merge_pair(first: Article, second: Article) -> Article {
    if similarity(&plain_text(first.html()), &plain_text(second.html())) >= SAME_TEXT {
        first
    } else {
        merge(first, vec![second])
    }
}

/// `first` with the others' content appended, keeping its number and place.
fn merge(first: Article, others: Vec<Article>) -> Article {
    let contents: Vec<&str> = std::iter::once(first.html())
        .chain(others.iter().map(Article::html))
        .collect();
    Article {
        content: Some(contents.join(JOINT)),
        ..first
    }
}

fn plain_text(html: &str) -> String {
    inline_text(html).plain()
}

/// The cosine of the two texts' word-count vectors, words being what single spaces separate.
/// Counts are kept in order so that the float sums, hence the verdict, never vary between runs.
fn similarity(first: &str, second: &str) -> f64 {
    let (first, second) = (word_counts(first), word_counts(second));
    let norm = |counts: &BTreeMap<&str, f64>| counts.values().map(|n| n * n).sum::<f64>().sqrt();
    let dot: f64 = first
        .iter()
        .map(|(word, n)| n * second.get(word).copied().unwrap_or_default())
        .sum();
    let norms = norm(&first) * norm(&second);
    if norms == 0.0 { dot } else { dot / norms }
}

fn word_counts(text: &str) -> BTreeMap<&str, f64> {
    let mut counts = BTreeMap::new();
    for word in text.split(' ') {
        *counts.entry(word).or_default() += 1.0;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTENCE: &str = "l'exploitant informera immédiatement l'inspection des installations classées en cas d'accident";

    fn article(int_ordre: i64, num: Option<&str>, content: &str) -> Article {
        serde_json::from_value(serde_json::json!({
            "intOrdre": int_ordre, "num": num, "etat": "VIGUEUR", "content": content
        }))
        .unwrap()
    }

    fn shape(articles: &[Article]) -> Vec<(i64, String)> {
        articles
            .iter()
            .map(|article| (article.int_ordre, article.html().to_string()))
            .collect()
    }

    #[test]
    fn nearly_identical_texts_are_similar_and_unrelated_ones_are_not() {
        assert_eq!(similarity(SENTENCE, ""), 0.0);
        assert!(similarity(SENTENCE, "Bonjour, comment allez vous ?") <= 0.5);
        assert!(similarity(SENTENCE, &format!("{SENTENCE} !")) >= 0.9);
        assert!((similarity(SENTENCE, SENTENCE) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn an_unnumbered_article_is_merged_into_the_numbered_one_before_it_unless_it_repeats_it() {
        let table = "<table><tr><td>CO <= 0.6 unités</td></tr></table>";
        let cleaned = clean_articles(vec![
            article(5, None, table),
            article(0, None, ""),
            article(1, Some("1"), ""),
            article(2, Some("2"), SENTENCE),
            article(3, None, &format!("{SENTENCE} ")),
            article(4, Some("3"), "Les VLE sont disponibles dans ce tableau:"),
        ]);
        assert_eq!(
            shape(&cleaned),
            [
                (0, String::new()),
                (1, String::new()),
                (2, SENTENCE.to_string()),
                (
                    4,
                    format!("Les VLE sont disponibles dans ce tableau:{JOINT}{table}")
                ),
            ]
        );
    }

    #[test]
    fn an_unnumbered_article_after_an_unnumbered_one_stays_apart() {
        let cleaned = clean_articles(vec![
            article(0, Some("1"), "un"),
            article(1, None, "deux"),
            article(2, None, "trois"),
        ]);
        assert_eq!(
            shape(&cleaned),
            [(0, format!("un{JOINT}deux")), (2, "trois".to_string())]
        );
    }

    #[test]
    fn articles_all_without_number_become_the_first_one() {
        let cleaned = clean_articles(vec![article(1, None, ""), article(0, None, "")]);
        assert_eq!(shape(&cleaned), [(0, JOINT.to_string())]);
        assert!(clean_articles(vec![]).is_empty());
    }

    #[test]
    fn annexe_i_and_its_continuation_are_one_article() {
        let cleaned = clean_articles(vec![
            article(0, Some("Annexe I"), "début"),
            article(1, Some("Annexe I (suite)"), "fin"),
            article(2, None, "autre"),
        ]);
        assert_eq!(
            shape(&cleaned),
            [(0, format!("début{JOINT}fin")), (2, "autre".to_string())]
        );
    }
}
