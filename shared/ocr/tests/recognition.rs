//! French recognition of the corpus' scans against their ground truth, with the character error
//! rate of ../shared/data/ocr/README.md (NFC, whitespace runs as one space, Levenshtein in code
//! points; the corpus figure sums distances over lengths). Targets: ≤ 2 % over the corpus,
//! ≤ 5 % on every file.

use envinorma_ocr::Pipeline;
use envinorma_test_support::{read, read_text};
use unicode_normalization::UnicodeNormalization;

fn norm(text: &str) -> Vec<char> {
    let nfc: String = text.nfc().collect();
    nfc.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect()
}

/// Edit distance in code points (one row at a time).
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

#[test]
fn the_levenshtein_distance_counts_code_points() {
    let chars = |s: &str| s.chars().collect::<Vec<_>>();
    assert_eq!(levenshtein(&chars("arrêté"), &chars("arrete")), 2);
    assert_eq!(levenshtein(&chars(""), &chars("abc")), 3);
    assert_eq!(norm(" a \n\u{c} b\u{a0}c "), chars("a b c"));
}

#[test]
fn the_scans_are_read_in_french_within_the_error_rate() {
    let pipeline = Pipeline::new().expect("PDFium (run `make deps`)");
    let (mut distance, mut length) = (0, 0);
    let mut report = Vec::new();
    for n in 1..=8 {
        let truth = norm(&read_text(&format!("data/ocr/scan-{n:02}.txt")));
        let pages = pipeline
            .page_texts(&read(&format!("data/ocr/scan-{n:02}.pdf")))
            .unwrap_or_else(|e| panic!("scan-{n:02}: {e}"));
        let read_back = norm(&pages.join("\n"));
        let file_distance = levenshtein(&read_back, &truth);
        let cer = file_distance as f64 / truth.len() as f64;
        report.push(format!(
            "scan-{n:02}: {} pages, CER {:.2} %",
            pages.len(),
            cer * 100.0
        ));
        assert!(
            cer <= 0.05,
            "scan-{n:02}: CER {cer:.4}\n{}",
            report.join("\n")
        );
        distance += file_distance;
        length += truth.len();
    }
    let corpus = distance as f64 / length as f64;
    println!("{}\ncorpus CER {:.2} %", report.join("\n"), corpus * 100.0);
    assert!(
        corpus <= 0.02,
        "corpus CER {corpus:.4}\n{}",
        report.join("\n")
    );
}
