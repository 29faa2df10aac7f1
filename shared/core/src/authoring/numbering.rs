//! The numbering at the start of a section title ("2.4.1.", "IV-2.", "b)"), detected with the
//! original's patterns so that published references stay what users and inspectors know.
//!
//! Patterns are written in a small notation instead of regular expressions, since core has no
//! regex engine and these need only one kind of backtracking (Roman numerals):
//! `D` is one or more ASCII digits, `R` a Roman numeral up to XXXIX, `a` one ASCII lowercase
//! letter, `A` one ASCII uppercase letter; any other character stands for itself.

/// Numberings that can open a deeper one ("1." opens "1.2."): only these are merged away.
const VERBOSE: [&str; 10] = [
    "D.",
    "D.D",
    "D.D.",
    "D.D.D.",
    "D. D. D. ",
    "D. D. D. D. ",
    "D-D.",
    "D-D-D.",
    "R-D.",
    "R-D.D.",
];

/// Every other numbering a title may start with.
const OTHERS: [&str; 9] = [
    "R", "R.", "R-", "D)", "D. D. ", "D.D.D.D.", "D°", "a)", "A.",
];

/// The longest numbering `title` starts with, as written in the title.
pub fn leading_numbering(title: &str) -> Option<&str> {
    let chars: Vec<char> = title.chars().collect();
    let longest = VERBOSE
        .iter()
        .chain(&OTHERS)
        .filter_map(|pattern| match_at(pattern, &chars, 0))
        .max()?;
    let end = title
        .char_indices()
        .nth(longest)
        .map_or(title.len(), |(i, _)| i);
    Some(&title[..end])
}

/// True when `text` starts with a numbering that deeper ones extend.
pub fn is_verbose_numbering(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    VERBOSE
        .iter()
        .any(|pattern| match_at(pattern, &chars, 0).is_some())
}

/// True when `text` starts like a Roman numeral (the original only looked at the first letter).
pub fn starts_like_roman(text: &str) -> bool {
    text.starts_with(['X', 'V', 'I'])
}

/// The end (in chars) of the first match of `pattern` at `start`, trying Roman numerals from
/// the longest reading down, as a backtracking regex engine would.
fn match_at(pattern: &str, chars: &[char], start: usize) -> Option<usize> {
    let mut rest = pattern.chars();
    let Some(token) = rest.next() else {
        return Some(start);
    };
    let rest = rest.as_str();
    let at = |i: usize| chars.get(i).copied();
    match token {
        'D' => {
            let digits = chars[start.min(chars.len())..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            // Digits are always followed by a non-digit literal or end the pattern, so the
            // greedy reading is the only one that can match.
            (digits > 0).then_some(())?;
            match_at(rest, chars, start + digits)
        }
        'R' => roman_ends(chars, start)
            .into_iter()
            .find_map(|end| match_at(rest, chars, end)),
        'a' => at(start)
            .filter(char::is_ascii_lowercase)
            .and_then(|_| match_at(rest, chars, start + 1)),
        'A' => at(start)
            .filter(char::is_ascii_uppercase)
            .and_then(|_| match_at(rest, chars, start + 1)),
        literal => (at(start) == Some(literal))
            .then(|| match_at(rest, chars, start + 1))
            .flatten(),
    }
}

/// The possible ends of a Roman numeral `X{0,3}(I[XV]|V?I{0,3})` starting at `start`, in the
/// order a regex engine tries them (greedy first); none unless it starts with X, V or I.
fn roman_ends(chars: &[char], start: usize) -> Vec<usize> {
    let at = |i: usize| chars.get(i).copied();
    if !matches!(at(start), Some('X' | 'V' | 'I')) {
        return Vec::new();
    }
    let count = |from: usize, letter: char, max: usize| {
        (0..max)
            .take_while(|k| at(from + k) == Some(letter))
            .count()
    };
    let mut ends = Vec::new();
    for tens in (0..=count(start, 'X', 3)).rev() {
        let units = start + tens;
        if at(units) == Some('I') && matches!(at(units + 1), Some('X' | 'V')) {
            ends.push(units + 2);
        }
        let fives: &[usize] = if at(units) == Some('V') {
            &[1, 0]
        } else {
            &[0]
        };
        for five in fives {
            let ones = units + five;
            for one in (0..=count(ones, 'I', 3)).rev() {
                ends.push(ones + one);
            }
        }
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_numbering_wins() {
        assert_eq!(leading_numbering("2.4.1. Réaction au feu"), Some("2.4.1."));
        assert_eq!(leading_numbering("9. 3. Pollution"), Some("9. 3. "));
        assert_eq!(leading_numbering("IV-2. Rejets"), Some("IV-2."));
        assert_eq!(leading_numbering("b) Capacité"), Some("b)"));
        assert_eq!(leading_numbering("Dispositions"), None);
    }

    #[test]
    fn roman_numerals_backtrack_to_let_the_rest_of_the_pattern_match() {
        assert_eq!(leading_numbering("XIV. Bruit"), Some("XIV."));
        assert_eq!(leading_numbering("XL"), Some("X"));
        assert_eq!(leading_numbering("IIII."), Some("III"));
    }

    #[test]
    fn only_arabic_and_dashed_numberings_are_verbose() {
        assert!(is_verbose_numbering("1."));
        assert!(is_verbose_numbering("II-3."));
        assert!(!is_verbose_numbering("A."));
        assert!(!is_verbose_numbering("a)"));
    }
}
