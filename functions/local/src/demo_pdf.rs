//! Minimal one-page PDFs standing in for the demo APs: the real ones are scans we may not ship.
//!
//! Only what every viewer needs: a catalogue, one A4 page, the standard Helvetica font (no
//! embedding) and an exact cross-reference table.

/// A one-page PDF showing `lines` from the top of the page, the first one as a title.
pub fn one_page(lines: &[&str]) -> Vec<u8> {
    let mut text = b"BT /F1 16 Tf 72 770 Td 24 TL".to_vec();
    for (i, line) in lines.iter().enumerate() {
        if i == 1 {
            text.extend_from_slice(b" /F1 11 Tf 16 TL");
        }
        text.extend_from_slice(b" T* (");
        text.extend(pdf_string(line));
        text.extend_from_slice(b") Tj");
    }
    text.extend_from_slice(b" ET");

    let mut stream = format!("<< /Length {} >>\nstream\n", text.len()).into_bytes();
    stream.extend(text);
    stream.extend_from_slice(b"\nendstream");
    let objects: [&[u8]; 5] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
          /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        &stream,
    ];

    // The comment of high bytes tells transfer tools the file is binary (PDF 1.4, 7.5.2).
    let mut pdf = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (number, body) in (1..).zip(objects) {
        offsets.push(pdf.len());
        pdf.extend(format!("{number} 0 obj\n").into_bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    // Each entry is exactly 20 bytes, its end of line included.
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        table.push_str(&format!("{offset:010} 00000 n \n"));
    }
    table.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.extend(table.into_bytes());
    pdf
}

/// The bytes of a PDF literal string in WinAnsi (the font's encoding): Latin-1 as is, the
/// typographic apostrophe and œ mapped, anything else `?`; delimiters escaped.
fn pdf_string(line: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '(' | ')' | '\\' => bytes.extend_from_slice(&[b'\\', c as u8]),
            '’' => bytes.push(0x92),
            'œ' => bytes.push(0x9C),
            ' '..='~' | '\u{A0}'..='\u{FF}' => bytes.push(c as u8),
            _ => bytes.push(b'?'),
        }
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(haystack: &[u8], needle: &[u8]) -> usize {
        haystack
            .windows(needle.len())
            .position(|w| w == needle)
            .unwrap_or_else(|| panic!("{:?} not found", String::from_utf8_lossy(needle)))
    }

    #[test]
    fn every_cross_reference_points_at_its_object() {
        let pdf = one_page(&["Arrêté préfectoral", "Second line"]);
        assert!(pdf.starts_with(b"%PDF-1.4\n") && pdf.ends_with(b"%%EOF\n"));
        let xref = find(&pdf, b"xref\n");
        let tail = String::from_utf8_lossy(&pdf[xref..]).into_owned();
        let startxref: usize = tail.lines().rev().nth(1).unwrap().parse().unwrap();
        assert_eq!(startxref, xref);
        let entries: Vec<&str> = tail.lines().skip(3).take(5).collect();
        for (number, entry) in (1..).zip(entries) {
            let offset: usize = entry[..10].parse().unwrap();
            let expected = format!("{number} 0 obj\n");
            assert!(pdf[offset..].starts_with(expected.as_bytes()), "{entry}");
        }
    }

    #[test]
    fn the_stream_length_is_exact() {
        let pdf = one_page(&["Titre", "Ligne"]);
        let start = find(&pdf, b"stream\n") + b"stream\n".len();
        let end = find(&pdf, b"\nendstream");
        let declared = find(&pdf, b"/Length ") + b"/Length ".len();
        let length: String = pdf[declared..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .map(|&b| char::from(b))
            .collect();
        assert_eq!(length.parse::<usize>().unwrap(), end - start);
    }

    #[test]
    fn text_is_winansi_with_delimiters_escaped() {
        assert_eq!(
            pdf_string("été (2021) l’œil \\ ✓"),
            b"\xE9t\xE9 \\(2021\\) l\x92\x9Cil \\\\ ?".to_vec()
        );
    }
}
