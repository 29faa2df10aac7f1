//! Number parsing and printing exactly as the original (Ruby) does it, because volumes and
//! condition thresholds are shown to users in that form ("0.17 t", "50000.0").

/// Ruby's `Float#to_s`: shortest round-trip digits, `.0` on integral values, exponent form
/// outside 1e-4 ≤ |x| < 1e16 (`1.0e+16`, `9.9e-05`).
pub fn float_to_s(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    let magnitude = x.abs();
    if x == 0.0 || (1e-4..1e16).contains(&magnitude) {
        let fixed = format!("{x}");
        return if fixed.contains('.') {
            fixed
        } else {
            fixed + ".0"
        };
    }
    let scientific = format!("{x:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let mantissa = if mantissa.contains('.') {
        mantissa.to_string()
    } else {
        format!("{mantissa}.0")
    };
    let (sign, digits) = match exponent.strip_prefix('-') {
        Some(digits) => ('-', digits),
        None => ('+', exponent),
    };
    format!("{mantissa}e{sign}{digits:0>2}")
}

/// Ruby's strict `Float(text)`: the value when the whole text is a number, else `None`.
/// Accepts `1.5`, `.5`, `1e3`, `-5`, `1_000`, `0x1A`; rejects `5.`, `NaN`, `Infinity`.
/// The value is the one `String#to_f` gives (0.0 for hexadecimal, as in the original).
pub fn strict_float(text: &str) -> Option<f64> {
    let body = text.trim_matches(is_ruby_space);
    let unsigned = body.strip_prefix(['+', '-']).unwrap_or(body);
    if let Some(hex) = unsigned
        .strip_prefix("0x")
        .or_else(|| unsigned.strip_prefix("0X"))
    {
        return is_digit_run(hex, |b| b.is_ascii_hexdigit()).then_some(0.0);
    }
    let (number, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (integer, fraction) = match number.split_once('.') {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (number, None),
    };
    let decimal = |part: &str| is_digit_run(part, |b| b.is_ascii_digit());
    let valid_mantissa = match fraction {
        Some(fraction) => (integer.is_empty() || decimal(integer)) && decimal(fraction),
        None => decimal(integer),
    };
    let valid_exponent = exponent.is_none_or(|e| decimal(e.strip_prefix(['+', '-']).unwrap_or(e)));
    (valid_mantissa && valid_exponent)
        .then(|| body.replace('_', "").parse().ok())
        .flatten()
}

/// Ruby's lenient `String#to_f`: the longest leading number, 0.0 when there is none.
pub fn lenient_float(text: &str) -> f64 {
    let text = text.trim_start_matches(is_ruby_space);
    let bytes = text.as_bytes();
    let mut end = 0;
    let mut best = 0;
    let digits = |mut at: usize| {
        let start = at;
        while at < bytes.len() && (bytes[at].is_ascii_digit() || (bytes[at] == b'_' && at > start))
        {
            at += 1;
        }
        at
    };
    if end < bytes.len() && matches!(bytes[end], b'+' | b'-') {
        end += 1;
    }
    let after_integer = digits(end);
    if after_integer > end {
        best = after_integer;
    }
    end = after_integer;
    if end < bytes.len() && bytes[end] == b'.' {
        let after_fraction = digits(end + 1);
        if after_fraction > end + 1 {
            best = after_fraction;
            end = after_fraction;
        }
    }
    if best > 0 && end < bytes.len() && matches!(bytes[end], b'e' | b'E') {
        let mut at = end + 1;
        if at < bytes.len() && matches!(bytes[at], b'+' | b'-') {
            at += 1;
        }
        let after_exponent = digits(at);
        if after_exponent > at {
            best = after_exponent;
        }
    }
    text[..best].replace('_', "").parse().unwrap_or(0.0)
}

/// Ruby's `String#split` whitespace (ASCII space, \t, \n, \v, \f, \r).
pub fn is_ruby_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

/// Digits with single underscores between them, as Ruby number literals allow.
fn is_digit_run(part: &str, is_digit: impl Fn(u8) -> bool) -> bool {
    let bytes = part.as_bytes();
    !bytes.is_empty()
        && is_digit(bytes[0])
        && is_digit(bytes[bytes.len() - 1])
        && bytes.iter().all(|&b| is_digit(b) || b == b'_')
        && !part.contains("__")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_floats_like_ruby() {
        assert_eq!(float_to_s(90.0), "90.0");
        assert_eq!(float_to_s(0.17), "0.17");
        assert_eq!(float_to_s(1e16), "1.0e+16");
        assert_eq!(float_to_s(9.9e-5), "9.9e-05");
        assert_eq!(float_to_s(1.2345678901234568e29), "1.2345678901234568e+29");
        assert_eq!(float_to_s(-5.0), "-5.0");
        assert_eq!(float_to_s(0.0001), "0.0001");
    }

    #[test]
    fn strict_float_accepts_what_ruby_float_accepts() {
        for (text, value) in [
            ("1.5", 1.5),
            (".5", 0.5),
            ("1e3", 1000.0),
            ("-5", -5.0),
            ("1_000", 1000.0),
        ] {
            assert_eq!(strict_float(text), Some(value), "{text}");
        }
        assert_eq!(strict_float("0x1A"), Some(0.0));
        for text in [
            "5.", "NaN", "Infinity", "", "1__0", "_1", "1e", "abc", "1.5.2", "10.m3",
        ] {
            assert_eq!(strict_float(text), None, "{text}");
        }
    }

    #[test]
    fn lenient_float_reads_the_leading_number() {
        assert_eq!(lenient_float("90 m3"), 90.0);
        assert_eq!(lenient_float("abc"), 0.0);
        assert_eq!(lenient_float("1.5e-05 t"), 1.5e-5);
        assert_eq!(lenient_float("5. t"), 5.0);
        assert_eq!(lenient_float("-2,5"), -2.0);
    }
}
