//! The corpus' scans made searchable, their text layer (read back by `pdftotext -raw`) against
//! the ground truth, with the character error rate of ../shared/data/ocr/README.md
//! (`envinorma_ocr::cer`). The bounds: ≤ 2 % over the corpus, ≤ 5 % on every file.

use envinorma_ocr::cer::Errors;
use envinorma_ocr::{Pipeline, Verdict};
use envinorma_test_support::{read, read_text};

/// The text of a PDF in content-stream order, as `pdftotext -raw` (poppler) reads it.
fn pdftotext_raw(pdf: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("envinorma-ocr-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{:x}.pdf", pdf.len()));
    std::fs::write(&path, pdf).unwrap();
    let output = std::process::Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, installed by `make deps`)");
    assert!(output.status.success(), "pdftotext failed");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_scans_become_searchable_pdfs_read_in_french_within_the_error_rate() {
    let pipeline = Pipeline::new().expect("PDFium (run `make deps`)");
    let mut corpus = Errors::default();
    let mut report = Vec::new();
    for n in 1..=8 {
        let name = format!("scan-{n:02}");
        let truth = read_text(&format!("data/ocr/{name}.txt"));
        let input = read(&format!("data/ocr/{name}.pdf"));
        let Ok(Verdict::Ocr { pages }) = pipeline.inspect(&input) else {
            panic!("{name} is a scan");
        };
        let searchable = pipeline
            .searchable(&input, |_| {})
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        // Same pages, each with text now; the images kept (the size barely grows).
        assert_eq!(
            pipeline.inspect(&searchable.pdf),
            Ok(Verdict::PassThrough { pages }),
            "{name}"
        );
        let growth = searchable.pdf.len() as f64 / input.len() as f64;
        assert!(growth <= 1.1, "{name}: {growth:.3}× the input");
        let layer = Errors::of(&pdftotext_raw(&searchable.pdf), &truth);
        let engine = Errors::of(&searchable.texts.join("\n"), &truth);
        report.push(format!(
            "{name}: {pages} pages, CER {:.2} % (engine's text {:.2} %), size ×{growth:.3}",
            layer.rate() * 100.0,
            engine.rate() * 100.0
        ));
        assert!(
            layer.rate() <= 0.05,
            "{name}: CER {:.4}\n{}",
            layer.rate(),
            report.join("\n")
        );
        corpus = corpus + layer;
    }
    println!(
        "{}\ncorpus CER {:.2} %",
        report.join("\n"),
        corpus.rate() * 100.0
    );
    assert!(
        corpus.rate() <= 0.02,
        "corpus CER {:.4}\n{}",
        corpus.rate(),
        report.join("\n")
    );
}
