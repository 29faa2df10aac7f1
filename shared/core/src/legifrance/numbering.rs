//! The numbering that opens an alinéa (`I. `, `1.1. `, `a)`, `ANNEXE IV`…), which tells where an
//! article's sub-sections start.

/// A way of numbering titles; each alinéa gets the one whose prefix is the longest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NumberingPattern {
    /// `IV.-`
    RomanDash,
    /// `IV. `
    Roman,
    /// `1. `
    NumericD1,
    /// `1.2. `
    NumericD2,
    /// `1.2.3. `
    NumericD3,
    /// `1) `
    NumericD1Paren,
    /// `1. 2. `
    NumericD2Space,
    /// `1-2. `
    NumericD2Dash,
    /// `1. 2. 3. `
    NumericD3Space,
    /// `1-2-3. `
    NumericD3Dash,
    /// `1. 2. 3. 4. `
    NumericD4Space,
    /// `1° `
    NumericCircle,
    /// `a)`
    Letters,
    /// `A. `
    Caps,
    /// `ANNEXE 2`
    Annexe,
    /// `ANNEXE IV`
    AnnexeRoman,
}

use NumberingPattern::*;

/// Every pattern, in the order that settles ties: `I. ` is roman, not a capital letter.
const PATTERNS: [NumberingPattern; 16] = [
    RomanDash,
    Roman,
    NumericD1,
    NumericD2,
    NumericD3,
    NumericD1Paren,
    NumericD2Space,
    NumericD2Dash,
    NumericD3Space,
    NumericD3Dash,
    NumericD4Space,
    NumericCircle,
    Letters,
    Caps,
    Annexe,
    AnnexeRoman,
];

/// The pattern with the longest matching prefix, the first listed on a tie.
pub(super) fn numbering_pattern(alinea: &str) -> Option<NumberingPattern> {
    PATTERNS
        .iter()
        .filter_map(|pattern| Some((*pattern, pattern.prefix_len(alinea)?)))
        .fold(
            None,
            |best: Option<(NumberingPattern, usize)>, candidate| match best {
                Some(best) if best.1 >= candidate.1 => Some(best),
                _ => Some(candidate),
            },
        )
        .map(|(pattern, _)| pattern)
}

impl NumberingPattern {
    /// Where `text`'s number stands in its numbering (`IV. ` → [4], `1.2. ` → [1, 2], `b)` →
    /// [2]), for the patterns that count up; `None` for the annexes, whose numbers may come in
    /// any order, and for a text this pattern does not open.
    pub(super) fn rank(self, text: &str) -> Option<Vec<u32>> {
        let prefix: String = text.chars().take(self.prefix_len(text)?).collect();
        match self {
            Annexe | AnnexeRoman => None,
            RomanDash | Roman => Some(vec![roman_value(&prefix)]),
            Letters | Caps => prefix.chars().next().map(|letter| vec![u32::from(letter)]),
            _ => Some(
                prefix
                    .split(|ch: char| !ch.is_ascii_digit())
                    .filter_map(|digits| digits.parse().ok())
                    .collect(),
            ),
        }
    }

    /// The length, in characters, of the prefix this pattern matches.
    fn prefix_len(self, text: &str) -> Option<usize> {
        let mut cursor = Cursor { rest: text, len: 0 };
        let c = &mut cursor;
        match self {
            RomanDash => c.roman()?.literal(".-")?,
            Roman => c.roman()?.literal(". ")?,
            NumericD1 => c.digits()?.literal(". ")?,
            NumericD2 => c.digits()?.literal(".")?.digits()?.literal(". ")?,
            NumericD3 => c
                .digits()?
                .literal(".")?
                .digits()?
                .literal(".")?
                .digits()?
                .literal(". ")?,
            NumericD1Paren => c.digits()?.literal(") ")?,
            NumericD2Space => c.numbers(". ", 2)?,
            NumericD2Dash => c.digits()?.literal("-")?.digits()?.literal(". ")?,
            NumericD3Space => c.numbers(". ", 3)?,
            NumericD3Dash => c
                .digits()?
                .literal("-")?
                .digits()?
                .literal("-")?
                .digits()?
                .literal(". ")?,
            NumericD4Space => c.numbers(". ", 4)?,
            NumericCircle => c.digits()?.literal("° ")?,
            Letters => c.one(|ch| ch.is_ascii_lowercase())?.literal(")")?,
            Caps => c.one(|ch| ch.is_ascii_uppercase())?.literal(". ")?,
            Annexe => c.literal("ANNEXE ")?.digits()?,
            AnnexeRoman => c.literal("ANNEXE ")?.roman()?,
        };
        Some(cursor.len)
    }
}

/// The value of the roman numeral `prefix` opens with (one the cursor has read: no
/// subtractive pair but IX and IV).
fn roman_value(prefix: &str) -> u32 {
    let digits: Vec<u32> = prefix
        .chars()
        .map_while(|ch| match ch {
            'I' => Some(1),
            'V' => Some(5),
            'X' => Some(10),
            _ => None,
        })
        .collect();
    digits
        .iter()
        .enumerate()
        .map(|(index, &digit)| match digits.get(index + 1) {
            Some(&next) if next > digit => -i64::from(digit),
            _ => i64::from(digit),
        })
        .sum::<i64>()
        .try_into()
        .unwrap_or(0)
}

/// Reads a prefix piece by piece, counting the characters read.
struct Cursor<'a> {
    rest: &'a str,
    len: usize,
}

impl Cursor<'_> {
    fn advance(&mut self, bytes: usize) -> &mut Self {
        self.len += self.rest[..bytes].chars().count();
        self.rest = &self.rest[bytes..];
        self
    }

    fn literal(&mut self, literal: &str) -> Option<&mut Self> {
        self.rest
            .starts_with(literal)
            .then(|| self.advance(literal.len()))
    }

    fn one(&mut self, accepted: impl Fn(char) -> bool) -> Option<&mut Self> {
        let first = self.rest.chars().next().filter(|ch| accepted(*ch))?;
        Some(self.advance(first.len_utf8()))
    }

    /// One or more ASCII digits, as many as there are.
    fn digits(&mut self) -> Option<&mut Self> {
        let count = self.rest.bytes().take_while(u8::is_ascii_digit).count();
        (count > 0).then(|| self.advance(count))
    }

    /// `count` numbers, each followed by `separator`.
    fn numbers(&mut self, separator: &str, count: usize) -> Option<&mut Self> {
        (0..count).try_fold(self, |cursor, _| cursor.digits()?.literal(separator))
    }

    /// A roman numeral up to XXXIX, read greedily: up to three X, then IX or IV, else an
    /// optional V and up to three I.
    fn roman(&mut self) -> Option<&mut Self> {
        let bytes = self.rest.as_bytes();
        let tens = bytes.iter().take(3).take_while(|b| **b == b'X').count();
        let units = &bytes[tens..];
        let units_len = if units.starts_with(b"IX") || units.starts_with(b"IV") {
            2
        } else {
            let fives = usize::from(units.first() == Some(&b'V'));
            fives
                + units[fives..]
                    .iter()
                    .take(3)
                    .take_while(|b| **b == b'I')
                    .count()
        };
        let len = tens + units_len;
        (len > 0).then(|| self.advance(len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(text: &str) -> Option<NumberingPattern> {
        numbering_pattern(text)
    }

    #[test]
    fn roman_numerals_win_ties_against_capital_letters() {
        assert_eq!(pattern("I. Foo"), Some(Roman));
        assert_eq!(pattern("V. Foo"), Some(Roman));
        assert_eq!(pattern("C. po"), Some(Caps));
        assert_eq!(pattern("XIV.- Foo"), Some(RomanDash));
        assert_eq!(pattern("XXXIX. Foo"), Some(Roman));
    }

    #[test]
    fn malformed_roman_numerals_are_not_numbering() {
        assert_eq!(pattern("IIII. Foo"), None);
        assert_eq!(pattern("VX. Foo"), None);
        assert_eq!(pattern("XXXX. Foo"), None);
    }

    #[test]
    fn the_longest_numeric_prefix_wins() {
        assert_eq!(pattern("1. Foo"), Some(NumericD1));
        assert_eq!(pattern("1.2. Foo"), Some(NumericD2));
        assert_eq!(pattern("10.2.3. Foo"), Some(NumericD3));
        assert_eq!(pattern("1. 2. Foo"), Some(NumericD2Space));
        assert_eq!(pattern("1. 2. 3. Foo"), Some(NumericD3Space));
        assert_eq!(pattern("1. 2. 3. 4. Foo"), Some(NumericD4Space));
        assert_eq!(pattern("1-2. Foo"), Some(NumericD2Dash));
        assert_eq!(pattern("1-2-3. Foo"), Some(NumericD3Dash));
        assert_eq!(pattern("3) Foo"), Some(NumericD1Paren));
        assert_eq!(pattern("2° Foo"), Some(NumericCircle));
    }

    #[test]
    fn ranks_read_the_number_of_each_numbering() {
        let rank = |text: &str| numbering_pattern(text).and_then(|pattern| pattern.rank(text));
        assert_eq!(rank("XIV.- Foo"), Some(vec![14]));
        assert_eq!(rank("IX. Foo"), Some(vec![9]));
        assert_eq!(rank("XXXVIII. Foo"), Some(vec![38]));
        assert_eq!(rank("10.2.3. Foo"), Some(vec![10, 2, 3]));
        assert_eq!(rank("1-2. Foo"), Some(vec![1, 2]));
        assert_eq!(rank("12° Foo"), Some(vec![12]));
        assert_eq!(rank("b) Foo"), Some(vec![u32::from('b')]));
        assert_eq!(rank("C. Foo"), Some(vec![u32::from('C')]));
        assert_eq!(rank("ANNEXE IV"), None);
        assert!(rank("a) Foo") < rank("b) Foo"));
        assert!(rank("3.2. Foo") < rank("3.10. Foo"));
    }

    #[test]
    fn letters_annexes_and_plain_text() {
        assert_eq!(pattern("a) les rejets"), Some(Letters));
        assert_eq!(pattern("a)les rejets"), Some(Letters));
        assert_eq!(pattern("ANNEXE 12 bis"), Some(Annexe));
        assert_eq!(pattern("ANNEXE IV"), Some(AnnexeRoman));
        assert_eq!(pattern("ANNEXE VIII DISPOSITIONS"), Some(AnnexeRoman));
        assert_eq!(pattern("ANNEXES"), None);
        assert_eq!(pattern("1.Foo"), None);
        assert_eq!(pattern("Le présent arrêté"), None);
        assert_eq!(pattern(""), None);
    }
}
