//! The OCR corpus of ../shared/data/ocr (its README says what each file is): bad files are
//! refused with their own reason, the text-layer PDF passes through, scans go to OCR with
//! their page count (one more than the form feeds of their ground truth).

use envinorma_ocr::{OcrError, Pipeline, Refusal, Verdict};
use envinorma_test_support::{read, read_text};
use std::time::Duration;

fn pipeline() -> Pipeline {
    Pipeline::new().expect("PDFium (run `make deps`)")
}

#[test]
fn each_bad_file_is_refused_with_its_reason() {
    let pipeline = pipeline();
    for (file, refusal, reason) in [
        ("bad-empty.pdf", Refusal::Empty, "empty file"),
        (
            "bad-not-a-pdf.pdf",
            Refusal::NotPdf,
            "not a PDF (no %PDF- header)",
        ),
        (
            "bad-truncated.pdf",
            Refusal::Truncated,
            "truncated or corrupt PDF",
        ),
        (
            "bad-encrypted.pdf",
            Refusal::Encrypted,
            "encrypted, password required",
        ),
        ("bad-zero-pages.pdf", Refusal::NoPages, "PDF has no pages"),
    ] {
        let verdict = pipeline.inspect(&read(&format!("data/ocr/{file}")));
        assert_eq!(verdict, Err(refusal.clone()), "{file}");
        assert_eq!(refusal.to_string(), reason);
    }
}

#[test]
fn a_pdf_with_text_on_every_page_passes_through_and_scans_go_to_ocr() {
    let pipeline = pipeline();
    let text_pages = read_text("data/ocr/text-layer.txt")
        .matches('\u{c}')
        .count() as u32
        + 1;
    assert_eq!(
        pipeline.inspect(&read("data/ocr/text-layer.pdf")),
        Ok(Verdict::PassThrough { pages: text_pages })
    );
    for n in 1..=8 {
        let truth = read_text(&format!("data/ocr/scan-{n:02}.txt"));
        let pages = truth.matches('\u{c}').count() as u32 + 1;
        assert_eq!(
            pipeline.inspect(&read(&format!("data/ocr/scan-{n:02}.pdf"))),
            Ok(Verdict::Ocr { pages }),
            "scan-{n:02}"
        );
    }
    for file in ["example_with_table.pdf", "example_with_table_sm.pdf"] {
        let verdict = pipeline.inspect(&read(&format!("data/ocr/{file}")));
        assert!(
            matches!(verdict, Ok(Verdict::Ocr { .. })),
            "{file}: {verdict:?}"
        );
    }
}

#[test]
fn a_second_pipeline_in_the_same_process_shares_the_first_ones_pdfium() {
    // What a warm Lambda does on its next event: pdfium-render refuses to bind twice.
    let (first, second) = (pipeline(), pipeline());
    let bytes = read("data/ocr/bad-zero-pages.pdf");
    assert_eq!(first.inspect(&bytes), second.inspect(&bytes));
    assert_eq!(second.inspect(&bytes), Err(Refusal::NoPages));
}

#[test]
fn a_page_over_its_time_budget_refuses_the_document() {
    let budget = Duration::from_millis(1);
    let scan = read("data/ocr/scan-01.pdf");
    let hurried = pipeline().page_budget(budget);
    match hurried.searchable(&scan, |_| panic!("no page can be read in 1 ms")) {
        Err(OcrError::Refused(refusal)) => {
            assert_eq!(refusal, Refusal::PageOverBudget { page: 1, budget });
            assert_eq!(refusal.to_string(), "page 1 over its time budget (1ms)");
        }
        other => panic!("{:?}", other.map(|searchable| searchable.texts)),
    }
}
