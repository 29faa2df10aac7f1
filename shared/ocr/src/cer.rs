//! The character error rate of ../shared/data/ocr/README.md, in one place for the tests and the
//! benchmark: NFC, every run of whitespace as one space, Levenshtein in code points. A corpus
//! figure sums distances over the files and divides by the sum of their lengths.

use unicode_normalization::UnicodeNormalization;

/// Errors of a text against its ground truth: edit distance and the truth's length.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Errors {
    pub distance: usize,
    pub length: usize,
}

impl Errors {
    /// The errors of `text` read where `truth` is written.
    pub fn of(text: &str, truth: &str) -> Errors {
        let truth = norm(truth);
        Errors {
            distance: levenshtein(&norm(text), &truth),
            length: truth.len(),
        }
    }

    /// The character error rate, 0 for 0 errors; errors summed over files make a corpus rate.
    pub fn rate(self) -> f64 {
        self.distance as f64 / self.length.max(1) as f64
    }
}

impl std::ops::Add for Errors {
    type Output = Errors;

    fn add(self, other: Errors) -> Errors {
        Errors {
            distance: self.distance + other.distance,
            length: self.length + other.length,
        }
    }
}

impl std::iter::Sum for Errors {
    fn sum<I: Iterator<Item = Errors>>(errors: I) -> Errors {
        errors.fold(Errors::default(), |sum, e| sum + e)
    }
}

/// NFC, whitespace runs (line and page breaks, U+00A0…) as one space, stripped, in code points.
fn norm(text: &str) -> Vec<char> {
    let nfc: String = text.nfc().collect();
    let mut chars = Vec::with_capacity(nfc.len());
    for word in nfc.split_whitespace() {
        if !chars.is_empty() {
            chars.push(' ');
        }
        chars.extend(word.chars());
    }
    chars
}

/// Edit distance in code points, one row at a time.
fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn the_levenshtein_distance_counts_code_points() {
        assert_eq!(levenshtein(&chars("arrêté"), &chars("arrete")), 2);
        assert_eq!(levenshtein(&chars(""), &chars("abc")), 3);
    }

    #[test]
    fn whitespace_runs_are_one_space_and_text_is_compared_in_nfc() {
        assert_eq!(norm(" a \n\u{c} b\u{a0}c "), chars("a b c"));
        // "é" decomposed (e + combining acute) is the same letter as the precomposed one.
        assert_eq!(Errors::of("e\u{301}t\u{e9}", "\u{e9}t\u{e9}").distance, 0);
    }

    #[test]
    fn a_corpus_rate_sums_distances_over_lengths() {
        let corpus: Errors = [Errors::of("ab", "ab"), Errors::of("x", "abcdefgh")]
            .into_iter()
            .sum();
        assert_eq!(
            corpus,
            Errors {
                distance: 8,
                length: 10
            }
        );
        assert!((corpus.rate() - 0.8).abs() < 1e-9);
    }
}
