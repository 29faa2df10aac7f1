//! The published AM file, byte for byte as the original exporter wrote it: Python's
//! `json.dump(am, ensure_ascii=False, indent=2, sort_keys=True)`.

use crate::am::ArreteMinisteriel;
use crate::ruby_number::float_to_s;
use serde_json::Value;

/// The AM as a published file: keys sorted, two-space indents, `": "` between key and value,
/// non-ASCII characters as they are, floats as Python prints them (`50000.0`, `1e-05`), no
/// final newline.
pub fn to_published_json(am: &ArreteMinisteriel) -> serde_json::Result<String> {
    let value = serde_json::to_value(am)?;
    let mut out = String::new();
    write_value(&value, 0, &mut out)?;
    Ok(out)
}

fn write_value(value: &Value, depth: usize, out: &mut String) -> serde_json::Result<()> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => match number.as_f64().filter(|_| number.is_f64()) {
            Some(float) => out.push_str(&python_float(float)),
            None => out.push_str(&number.to_string()),
        },
        // serde_json escapes exactly what Python does with ensure_ascii=False: quotes,
        // backslashes and control characters (\n, \t… or \u00XX in lowercase hexadecimal).
        Value::String(text) => out.push_str(&serde_json::to_string(text)?),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push('[');
            for (position, item) in items.iter().enumerate() {
                separate(position, depth + 1, out);
                write_value(item, depth + 1, out)?;
            }
            new_line(depth, out);
            out.push(']');
        }
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(map) => {
            // Python sorts keys by code point, which is UTF-8 byte order.
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (position, (key, item)) in entries.into_iter().enumerate() {
                separate(position, depth + 1, out);
                out.push_str(&serde_json::to_string(key)?);
                out.push_str(": ");
                write_value(item, depth + 1, out)?;
            }
            new_line(depth, out);
            out.push('}');
        }
    }
    Ok(())
}

fn separate(position: usize, depth: usize, out: &mut String) {
    if position > 0 {
        out.push(',');
    }
    new_line(depth, out);
}

fn new_line(depth: usize, out: &mut String) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', 2 * depth));
}

/// Python's `repr` of a float. It differs from Ruby's `to_s` only in exponent form, where
/// Python writes no `.0` on an integral mantissa (`1e+16`, Ruby `1.0e+16`).
fn python_float(float: f64) -> String {
    float_to_s(float).replacen(".0e", "e", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_printed_as_python_prints_them() {
        let printed: Vec<String> = [
            50000.0,
            0.5,
            1e16,
            1.5e16,
            1e-5,
            0.0001,
            -0.0,
            123456789.125,
        ]
        .into_iter()
        .map(python_float)
        .collect();
        assert_eq!(
            printed,
            [
                "50000.0",
                "0.5",
                "1e+16",
                "1.5e+16",
                "1e-05",
                "0.0001",
                "-0.0",
                "123456789.125"
            ]
        );
    }

    #[test]
    fn nested_values_are_indented_with_sorted_keys_and_kept_accents() {
        let value = serde_json::json!({"b": [1, {"é": "à\n\u{1}\"", "a": []}], "a": {}, "c": 2.0});
        let mut out = String::new();
        write_value(&value, 0, &mut out).unwrap();
        let expected = "{\n  \"a\": {},\n  \"b\": [\n    1,\n    {\n      \"a\": [],\n      \"é\": \"à\\n\\u0001\\\"\"\n    }\n  ],\n  \"c\": 2.0\n}";
        assert_eq!(out, expected);
    }
}
