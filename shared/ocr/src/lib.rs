//! The page pipeline of the AP documents (arrêtés préfectoraux): what a downloaded file is.
//!
//! A document is refused with a one-line reason (what `ap/<id>.error.txt` holds), passed
//! through unchanged when every page already has text, or handed to OCR page by page.
//! PDFium (the library of the PyPI wheel pypdfium2, which `make deps` installs as
//! `/usr/local/lib/libpdfium.so`; a Lambda layer puts it under `/opt/lib`) opens it: both are
//! in the system library path, so no setting names it.

use pdfium_render::prelude::{
    PdfDocument, PdfPage, PdfPageContentRegenerationStrategy, PdfPageObjectCommon,
    PdfPageObjectsCommon, PdfPageTextObject, PdfPageTextRenderMode, PdfPoints, PdfRenderConfig,
    Pdfium, PdfiumError, PdfiumInternalError,
};
use std::fmt;
use std::sync::OnceLock;
use tesseract::{PageSegMode, Tesseract};

/// More pages than any AP has: a document above is refused rather than OCRed for hours.
pub const MAX_PAGES: u32 = 500;

/// Why a document is refused: one line, in the words `ap/<id>.error.txt` keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    NotPdf,
    Truncated,
    Encrypted,
    NoPages,
    TooManyPages(u32),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Empty => write!(f, "empty file"),
            Refusal::NotPdf => write!(f, "not a PDF (no %PDF- header)"),
            Refusal::Truncated => write!(f, "truncated or corrupt PDF"),
            Refusal::Encrypted => write!(f, "encrypted, password required"),
            Refusal::NoPages => write!(f, "PDF has no pages"),
            Refusal::TooManyPages(pages) => {
                write!(f, "too many pages: {pages} (at most {MAX_PAGES})")
            }
        }
    }
}

/// What a readable document needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every page has text: stored as it is, byte for byte.
    PassThrough { pages: u32 },
    /// Some page has no text: OCR, page by page.
    Ocr { pages: u32 },
}

/// A failure of ours (PDFium missing or broken), not of the document: retried, never an ERROR.
#[derive(Debug, thiserror::Error)]
#[error("PDFium: {0}")]
pub struct PdfiumUnavailable(String);

/// Pages are rendered for OCR at this resolution: tesseract's models are trained on 300 dpi.
const OCR_DPI: f32 = 300.0;

/// Why the text of a page could not be read: PDFium could not render it, or tesseract failed.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    #[error("page {page}: rendering failed: {reason}")]
    Render { page: u32, reason: String },
    #[error("tesseract: {0}")]
    Tesseract(String),
    #[error("{0}")]
    Refused(Refusal),
}

/// A document made searchable, and the text read on each page.
#[derive(Debug, Clone)]
pub struct Searchable {
    pub pdf: Vec<u8>,
    pub texts: Vec<String>,
}

/// A word tesseract read, in pixels of the rendered page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub left: i32,
    pub top: i32,
    pub width: i32,
    pub height: i32,
    pub text: String,
}

/// What tesseract read on one page: its text and its words with their boxes.
struct Read {
    text: String,
    words: Vec<Word>,
}

/// Tesseract in French, kept from page to page.
struct Reader(Option<Tesseract>);

impl Reader {
    fn new() -> Result<Reader, OcrError> {
        let mut engine = Tesseract::new(None, Some("fra")).map_err(tesseract_error)?;
        // The command line's page layout analysis: the library's default reads the page as one
        // block, and turns specks and the scanner's edge into stray characters (3 % CER
        // instead of 1 % on the corpus' first scan).
        engine.set_page_seg_mode(PageSegMode::PsmAuto);
        Ok(Reader(Some(engine)))
    }

    fn read(&mut self, gray: &[u8], width: i32, height: i32) -> Result<Read, OcrError> {
        let engine = self
            .0
            .take()
            .ok_or_else(|| OcrError::Tesseract("a previous page left the engine failed".into()))?;
        let mut engine = engine
            .set_frame(gray, width, height, 1, width)
            .map_err(tesseract_error)?
            .set_source_resolution(OCR_DPI as i32)
            .recognize()
            .map_err(tesseract_error)?;
        let tsv = engine.get_tsv_text(0).map_err(tesseract_error)?;
        let text = engine.get_text().map_err(tesseract_error)?;
        self.0 = Some(engine);
        Ok(Read {
            text,
            words: words(&tsv),
        })
    }
}

fn tesseract_error(error: impl fmt::Display) -> OcrError {
    OcrError::Tesseract(error.to_string())
}

/// The words of tesseract's TSV (level 5 rows: left, top, width, height, confidence, text),
/// in its reading order. (Placing each word at its line's top and height instead read worse:
/// 2.1 % CER over the corpus against 1.8 %.)
pub fn words(tsv: &str) -> Vec<Word> {
    tsv.lines()
        .filter_map(|row| {
            let fields: Vec<&str> = row.split('\t').collect();
            let [level, _, _, _, _, _, left, top, width, height, _, text] = fields[..] else {
                return None;
            };
            let number = |field: &str| field.parse::<i32>().ok();
            (level == "5" && !text.trim().is_empty()).then_some(())?;
            Some(Word {
                left: number(left)?,
                top: number(top)?,
                width: number(width)?,
                height: number(height)?,
                text: text.trim().to_string(),
            })
        })
        .collect()
}

/// PDFium, bound once per process.
pub struct Pipeline {
    pdfium: Pdfium,
}

/// PDFium can be bound only once at a time in a process: every caller shares one binding.
static PIPELINE: OnceLock<Result<Pipeline, String>> = OnceLock::new();

impl Pipeline {
    /// The process's pipeline, binding `libpdfium.so` from the system library path on first use.
    pub fn shared() -> Result<&'static Pipeline, PdfiumUnavailable> {
        let pipeline = PIPELINE.get_or_init(|| {
            let bindings = Pdfium::bind_to_system_library().map_err(|error| {
                format!(
                    "libpdfium.so not found in the library path ({error}); `make deps` installs it"
                )
            })?;
            Ok(Pipeline {
                pdfium: Pdfium::new(bindings),
            })
        });
        pipeline
            .as_ref()
            .map_err(|error| PdfiumUnavailable(error.clone()))
    }

    /// What `bytes` are: refused (with why), passed through, or to OCR.
    pub fn inspect(&self, bytes: &[u8]) -> Result<Verdict, Refusal> {
        let document = self.open(bytes)?;
        // PDFium counts pages in an i32; a negative count is no page.
        let pages = u32::try_from(document.pages().len()).unwrap_or(0);
        if pages == 0 {
            return Err(Refusal::NoPages);
        }
        if pages > MAX_PAGES {
            return Err(Refusal::TooManyPages(pages));
        }
        let every_page_has_text = document
            .pages()
            .iter()
            .all(|page| page_text(&page).chars().any(|c| !c.is_whitespace()));
        Ok(if every_page_has_text {
            Verdict::PassThrough { pages }
        } else {
            Verdict::Ocr { pages }
        })
    }

    /// The text of each page as PDFium reads it: what a document passed through holds.
    pub fn texts(&self, bytes: &[u8]) -> Result<Vec<String>, Refusal> {
        let document = self.open(bytes)?;
        Ok(document
            .pages()
            .iter()
            .map(|page| page_text(&page))
            .collect())
    }

    /// The document made searchable: each page as it was (its images untouched), with the words
    /// tesseract read laid over them as invisible text at their place and width; and the text
    /// of each page. One page is rendered and read at a time; `page_done` is told each page's
    /// number when it is read.
    pub fn searchable(
        &self,
        bytes: &[u8],
        mut page_done: impl FnMut(u32),
    ) -> Result<Searchable, OcrError> {
        let mut document = self.open(bytes).map_err(OcrError::Refused)?;
        let font = document.fonts_mut().helvetica();
        let mut engine = Reader::new()?;
        let mut texts = Vec::new();
        for index in 0..document.pages().len() {
            let number = index.unsigned_abs() + 1;
            let pdf_error = |error: PdfiumError| OcrError::Render {
                page: number,
                reason: error.to_string(),
            };
            let mut page = document.pages().get(index).map_err(pdf_error)?;
            page.set_content_regeneration_strategy(PdfPageContentRegenerationStrategy::Manual);
            let (gray, width, height) = render_gray(&page).map_err(|reason| OcrError::Render {
                page: number,
                reason,
            })?;
            let read = engine.read(&gray, width, height)?;
            // Points per rendered pixel, and PDF's y axis going up from the page's bottom.
            let scale = page.width().value / width as f32;
            let page_height = page.height().value;
            for word in &read.words {
                // Every word ends with a space: text extractors then read words apart, where
                // boxes that nearly touch would run them together.
                let size = PdfPoints::new(word.height as f32 * scale);
                let mut object =
                    PdfPageTextObject::new(&document, format!("{} ", word.text), font, size)
                        .map_err(pdf_error)?;
                object
                    .set_render_mode(PdfPageTextRenderMode::Invisible)
                    .map_err(pdf_error)?;
                let natural = object.width().map_err(pdf_error)?.value;
                if natural > 0.0 {
                    object
                        .scale(word.width as f32 * scale / natural, 1.0)
                        .map_err(pdf_error)?;
                }
                object
                    .translate(
                        PdfPoints::new(word.left as f32 * scale),
                        PdfPoints::new(page_height - (word.top + word.height) as f32 * scale),
                    )
                    .map_err(pdf_error)?;
                page.objects_mut()
                    .add_text_object(object)
                    .map_err(pdf_error)?;
            }
            page.regenerate_content().map_err(pdf_error)?;
            texts.push(read.text);
            page_done(number);
        }
        let pdf = document.save_to_bytes().map_err(|error| OcrError::Render {
            page: 0,
            reason: error.to_string(),
        })?;
        Ok(Searchable { pdf, texts })
    }

    fn open<'a>(&'a self, bytes: &'a [u8]) -> Result<PdfDocument<'a>, Refusal> {
        if bytes.is_empty() {
            return Err(Refusal::Empty);
        }
        // The header may follow a few bytes of junk, as readers allow (the first KB).
        let head = &bytes[..bytes.len().min(1024)];
        if !head.windows(5).any(|w| w == b"%PDF-") {
            return Err(Refusal::NotPdf);
        }
        // A complete PDF ends with %%EOF (whitespace may follow). PDFium "repairs" a cut file
        // and may find pages with half an image: OCR of that would be a wrong document.
        let tail = &bytes[bytes.len().saturating_sub(1024)..];
        if !tail.windows(5).any(|w| w == b"%%EOF") {
            return Err(Refusal::Truncated);
        }
        self.pdfium
            .load_pdf_from_byte_slice(bytes, None)
            .map_err(|error| match error {
                PdfiumError::PdfiumLibraryInternalError(
                    PdfiumInternalError::PasswordError | PdfiumInternalError::SecurityError,
                ) => Refusal::Encrypted,
                _ => Refusal::Truncated,
            })
    }
}

/// The text layer of a page; none when PDFium cannot read it.
fn page_text(page: &PdfPage) -> String {
    page.text().map(|text| text.all()).unwrap_or_default()
}

/// A page rendered at [`OCR_DPI`] as 8-bit grey (what tesseract reads), with its size.
fn render_gray(page: &PdfPage) -> Result<(Vec<u8>, i32, i32), String> {
    let scale = OCR_DPI / 72.0;
    let width = (page.width().value * scale).round() as i32;
    let height = (page.height().value * scale).round() as i32;
    let config = PdfRenderConfig::new()
        .set_target_width(width)
        .set_maximum_height(height);
    let bitmap = page
        .render_with_config(&config)
        .map_err(|error| error.to_string())?;
    let (width, height) = (bitmap.width(), bitmap.height());
    // PDFium renders BGRA; luma by the ITU-R 601 weights, in integers.
    let gray = bitmap
        .as_raw_bytes()
        .chunks_exact(4)
        .map(|p| {
            ((u32::from(p[2]) * 299 + u32::from(p[1]) * 587 + u32::from(p[0]) * 114) / 1000) as u8
        })
        .collect();
    Ok((gray, width, height))
}
