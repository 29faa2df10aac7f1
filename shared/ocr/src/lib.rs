//! The page pipeline of the AP documents (arrêtés préfectoraux): what a downloaded file is.
//!
//! A document is refused with a one-line reason (what `ap/<id>.error.txt` holds), passed
//! through unchanged when every page already has text, or handed to OCR page by page.
//! PDFium (the library of the PyPI wheel pypdfium2, which `make deps` installs as
//! `/usr/local/lib/libpdfium.so`; a Lambda layer puts it under `/opt/lib`) opens it: both are
//! in the system library path, so no setting names it.

pub mod cer;
mod layer;
mod reading;

use pdfium_render::prelude::{
    PdfDocument, PdfPage, PdfPageContentRegenerationStrategy, PdfRenderConfig, Pdfium, PdfiumError,
    PdfiumInternalError,
};
use reading::Reader;
use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// More pages than any AP has: a document above is refused rather than OCRed for hours.
pub const MAX_PAGES: u32 = 500;

/// The time tesseract may spend recognising one page: forty times what a dense page of the
/// corpus takes on one core. A page above is no text but noise (a photograph, a dithered map)
/// and would hold the function until its own timeout, redelivery after redelivery.
pub const PAGE_BUDGET: Duration = Duration::from_secs(60);

/// Why a document is refused: one line, in the words `ap/<id>.error.txt` keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    NotPdf,
    Truncated,
    Encrypted,
    NoPages,
    TooManyPages(u32),
    PageOverBudget { page: u32, budget: Duration },
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
            Refusal::PageOverBudget { page, budget } => {
                write!(f, "page {page} over its time budget ({budget:?})")
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
pub(crate) const OCR_DPI: f32 = 300.0;

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

/// PDFium, bound once per process, and the time budget of a page.
pub struct Pipeline {
    pdfium: &'static Pdfium,
    page_budget: Duration,
}

/// The process' PDFium. pdfium-render keeps its bindings in a global and refuses to bind
/// twice, so a second `Pipeline` (a warm Lambda's next event, tests running side by side)
/// shares the first one's; the lock keeps two first pipelines from both binding.
static PDFIUM: Mutex<Option<&'static Pdfium>> = Mutex::new(None);

impl Pipeline {
    /// Binds `libpdfium.so` from the system library path, once per process.
    pub fn new() -> Result<Pipeline, PdfiumUnavailable> {
        let mut bound = PDFIUM.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(pdfium) = *bound {
            return Ok(Pipeline::with(pdfium));
        }
        let bindings = Pdfium::bind_to_system_library().map_err(|error| {
            PdfiumUnavailable(format!(
                "libpdfium.so not found in the library path ({error}); `make deps` installs it"
            ))
        })?;
        let pdfium = Box::leak(Box::new(Pdfium::new(bindings)));
        *bound = Some(pdfium);
        Ok(Pipeline::with(pdfium))
    }

    fn with(pdfium: &'static Pdfium) -> Pipeline {
        Pipeline {
            pdfium,
            page_budget: PAGE_BUDGET,
        }
    }

    /// The same pipeline with another time budget a page than [`PAGE_BUDGET`].
    pub fn page_budget(self, page_budget: Duration) -> Pipeline {
        Pipeline {
            page_budget,
            ..self
        }
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
    /// of each page (what the layer holds: a line a line, paragraphs apart). One page is
    /// rendered and read at a time; `page_done` is told each page's number when it is read.
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
            let lines =
                engine
                    .read(&gray, width, height, self.page_budget)?
                    .ok_or(OcrError::Refused(Refusal::PageOverBudget {
                        page: number,
                        budget: self.page_budget,
                    }))?;
            // Points per rendered pixel.
            let scale = page.width().value / width as f32;
            layer::lay(&document, &mut page, font, &lines, scale).map_err(pdf_error)?;
            page.regenerate_content().map_err(pdf_error)?;
            texts.push(reading::text(&lines));
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
