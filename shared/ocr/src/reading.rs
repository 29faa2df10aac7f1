//! What tesseract reads on a rendered page: lines of words with their geometry, taken from its
//! hOCR (the only output that gives each line's baseline and font size), less the marks of the
//! scan that are not text.

use crate::{OCR_DPI, OcrError};
use std::ffi::{CStr, c_int, c_void};
use std::ptr::{self, NonNull};
use std::time::{Duration, Instant};
use tesseract_sys as sys;

/// A word, its box in pixels of the rendered page (y grows downwards).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Word {
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
    /// Tesseract's confidence, 0 to 100.
    pub confidence: f32,
    pub text: String,
}

/// A line of words, in pixels of the rendered page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    /// Where the line's box starts on the left, and its baseline's height there.
    pub left: f32,
    pub baseline: f32,
    /// The baseline's slope (a skewed scan's lines are not horizontal).
    pub slope: f32,
    /// From descenders to ascenders: the line's font size.
    pub size: f32,
    /// The line starts a paragraph.
    pub paragraph: bool,
    pub words: Vec<Word>,
}

impl Line {
    /// The baseline's height at `x`.
    pub fn baseline_at(&self, x: f32) -> f32 {
        self.baseline + self.slope * (x - self.left)
    }
}

/// The text of a page's lines: a line a line, a blank line between paragraphs.
pub(crate) fn text(lines: &[Line]) -> String {
    let mut text = String::new();
    for line in lines {
        if !text.is_empty() {
            text.push_str(if line.paragraph { "\n\n" } else { "\n" });
        }
        let words: Vec<&str> = line.words.iter().map(|word| word.text.as_str()).collect();
        text.push_str(&words.join(" "));
    }
    text
}

/// Tesseract in French through its C API, kept from page to page. Not the `tesseract` crate:
/// its recognition passes no monitor, and the monitor is what stops a page over its budget.
pub(crate) struct Reader(NonNull<sys::TessBaseAPI>);

// The engine is used by one thread at a time (`&mut self`); it may move between threads.
unsafe impl Send for Reader {}

impl Reader {
    pub fn new() -> Result<Reader, OcrError> {
        let api = NonNull::new(unsafe { sys::TessBaseAPICreate() })
            .ok_or_else(|| OcrError::Tesseract("the engine could not be created".into()))?;
        // From here on, dropping the reader deletes the engine.
        let reader = Reader(api);
        // Its data from the system's tessdata (Debian's tesseract-ocr-fra).
        if unsafe { sys::TessBaseAPIInit3(api.as_ptr(), ptr::null(), c"fra".as_ptr()) } != 0 {
            return Err(OcrError::Tesseract(
                "the French model could not be loaded (tesseract-ocr-fra)".into(),
            ));
        }
        // The command line's page layout analysis: reading the page as one block turns specks
        // and the scanner's edge into stray characters (3 % CER instead of 1 % on the corpus'
        // first scan).
        unsafe { sys::TessBaseAPISetPageSegMode(api.as_ptr(), sys::TessPageSegMode_PSM_AUTO) };
        Ok(reader)
    }

    /// The lines of a page rendered in 8-bit grey at [`OCR_DPI`]; `None` when recognition
    /// ran past `budget`. Tesseract checks it word by word: the page's layout analysis is not
    /// bounded, its recognition (by far the longest step) is.
    pub fn read(
        &mut self,
        gray: &[u8],
        width: i32,
        height: i32,
        budget: Duration,
    ) -> Result<Option<Vec<Line>>, OcrError> {
        let pixels = usize::try_from(width)
            .ok()
            .zip(usize::try_from(height).ok())
            .map(|(w, h)| w * h);
        if pixels != Some(gray.len()) {
            return Err(OcrError::Tesseract(format!(
                "a page of {width}×{height} pixels with {} bytes",
                gray.len()
            )));
        }
        let api = self.0.as_ptr();
        let mut watch = Watch {
            deadline: Instant::now() + budget,
            over: false,
        };
        let status = unsafe {
            // Tesseract copies the image.
            sys::TessBaseAPISetImage(api, gray.as_ptr(), width, height, 1, width);
            sys::TessBaseAPISetSourceResolution(api, OCR_DPI as i32);
            let monitor = sys::TessMonitorCreate();
            if monitor.is_null() {
                return Err(OcrError::Tesseract("no monitor".into()));
            }
            sys::TessMonitorSetCancelFunc(monitor, Some(past_deadline));
            sys::TessMonitorSetCancelThis(monitor, (&raw mut watch).cast());
            let status = sys::TessBaseAPIRecognize(api, monitor);
            sys::TessMonitorDelete(monitor);
            status
        };
        if watch.over {
            unsafe { sys::TessBaseAPIClear(api) };
            return Ok(None);
        }
        if status != 0 {
            return Err(OcrError::Tesseract(format!(
                "recognition failed ({status})"
            )));
        }
        let hocr = unsafe { sys::TessBaseAPIGetHOCRText(api, 0) };
        if hocr.is_null() {
            return Err(OcrError::Tesseract("no hOCR".into()));
        }
        let text = unsafe { CStr::from_ptr(hocr) }
            .to_string_lossy()
            .into_owned();
        unsafe {
            sys::TessDeleteText(hocr);
            sys::TessBaseAPIClear(api);
        }
        Ok(Some(lines(&text, width as f32, height as f32)))
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        unsafe { sys::TessBaseAPIDelete(self.0.as_ptr()) }
    }
}

/// A page's deadline, and whether recognition passed it.
struct Watch {
    deadline: Instant,
    over: bool,
}

/// Tesseract's cancel callback, asked between words: stop once the deadline is past.
unsafe extern "C" fn past_deadline(watch: *mut c_void, _words: c_int) -> bool {
    // SAFETY: the monitor's `cancel_this` is the `Watch` of the `read` call it lives in.
    let watch = unsafe { &mut *watch.cast::<Watch>() };
    watch.over |= Instant::now() >= watch.deadline;
    watch.over
}

/// A mark without letters or digits smaller than this (in pixels at 300 dpi: 0.85 mm) is a
/// speck of the scan, not a printed sign: a full stop stands next to its word, and a dash or
/// a colon is longer.
const SPECK: f32 = 10.0;

/// Below this confidence, a mark without letters or digits is a speck too (tesseract gives
/// real punctuation 80 and more).
const DOUBTFUL: f32 = 30.0;

impl Word {
    /// Specks read as punctuation (on the noisiest scan, one error in six), and whatever
    /// touches the page's border: print never does, the scanner's shadow along an edge does
    /// (read as a column of capitals).
    fn is_noise(&self, page_width: f32, page_height: f32) -> bool {
        let speck = !self.text.chars().any(char::is_alphanumeric)
            && ((self.right - self.left).max(self.bottom - self.top) < SPECK
                || self.confidence < DOUBTFUL);
        let on_border = self.left <= 0.0
            || self.top <= 0.0
            || self.right >= page_width
            || self.bottom >= page_height;
        speck || on_border
    }
}

/// The lines of tesseract's hOCR in its reading order, each with its words less the noise;
/// lines left without words are dropped.
fn lines(hocr: &str, page_width: f32, page_height: f32) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut paragraph = false;
    // Tesseract writes one element a line and escapes `<` in text, so every `<` opens a tag.
    for element in hocr.split('<').skip(1) {
        let Some((tag, content)) = element.split_once('>') else {
            continue;
        };
        let title = Title(attribute(tag, "title").unwrap_or_default());
        match attribute(tag, "class") {
            Some("ocr_par") => paragraph = true,
            Some("ocr_line" | "ocr_header" | "ocr_caption" | "ocr_textfloat") => {
                let Some([left, top, _, bottom]) = title.bbox() else {
                    continue;
                };
                let [slope, offset] = title.numbers("baseline").unwrap_or([0.0; 2]);
                let [size] = title.numbers("x_size").unwrap_or([bottom - top]);
                lines.push(Line {
                    left,
                    baseline: bottom + offset,
                    slope,
                    size,
                    paragraph: std::mem::take(&mut paragraph),
                    words: Vec::new(),
                });
            }
            Some("ocrx_word") => {
                let (Some(line), Some([left, top, right, bottom])) =
                    (lines.last_mut(), title.bbox())
                else {
                    continue;
                };
                let word = Word {
                    left,
                    top,
                    right,
                    bottom,
                    confidence: title.numbers("x_wconf").map_or(0.0, |[c]| c),
                    text: unescape(content.trim()),
                };
                if !word.text.is_empty() && !word.is_noise(page_width, page_height) {
                    line.words.push(word);
                }
            }
            _ => {}
        }
    }
    // A paragraph whose first line was all noise starts at its next line.
    let mut paragraph = false;
    lines.retain_mut(|line| {
        paragraph |= line.paragraph;
        if line.words.is_empty() {
            return false;
        }
        line.paragraph = std::mem::take(&mut paragraph);
        true
    });
    lines
}

/// The value of `name='…'` or `name="…"` in a tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}="))? + name.len() + 2;
    let quote = tag[start..].chars().next()?;
    let value = &tag[start + 1..];
    Some(&value[..value.find(quote)?])
}

/// An hOCR title: `bbox 1 2 3 4; baseline 0.01 -8; x_size 40`.
struct Title<'a>(&'a str);

impl Title<'_> {
    fn numbers<const N: usize>(&self, key: &str) -> Option<[f32; N]> {
        let values = self.0.split(';').find_map(|property| {
            let mut parts = property.split_whitespace();
            (parts.next() == Some(key)).then_some(parts)
        })?;
        let values: Vec<f32> = values.map(str::parse).collect::<Result<_, _>>().ok()?;
        values.try_into().ok()
    }

    /// Left, top, right, bottom.
    fn bbox(&self) -> Option<[f32; 4]> {
        self.numbers("bbox")
    }
}

/// The text of an hOCR element: tesseract escapes these five characters and no other.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOCR: &str = r#"
  <div class='ocr_page' id='page_1' title='image ""; bbox 0 0 2481 3507; ppageno 0; scan_res 300 300'>
   <div class='ocr_carea' id='block_1_1' title="bbox 0 300 1066 538">
    <p class='ocr_par' id='par_1_1' lang='fra' title="bbox 0 300 30 538">
     <span class='ocr_line' id='line_1_1' title="bbox 0 300 30 538; baseline 0 0; x_size 30; x_descenders 6; x_ascenders 8">
      <span class='ocrx_word' id='word_1_1' title='bbox 0 300 30 538; x_wconf 20'>PONT</span>
     </span>
     <span class='ocr_line' id='line_1_2' title="bbox 318 372 500 440; baseline 0 -4; x_size 40">
      <span class='ocrx_word' id='word_1_2' title='bbox 318 372 500 440; x_wconf 90'>Arrêté</span>
     </span>
    </p>
    <p class='ocr_par' id='par_1_2' lang='fra' title="bbox 318 472 1066 538">
     <span class='ocr_line' id='line_1_3' title="bbox 318 472 1066 538; baseline 0.02 -25; x_size 76.5; x_descenders 6.5; x_ascenders 28.5">
      <span class='ocrx_word' id='word_1_3' title='bbox 318 472 393 514; x_wconf 96'>L&#39;&lt;A&gt;</span>
      <span class='ocrx_word' id='word_1_4' title='bbox 400 500 403 503; x_wconf 85'>.</span>
      <span class='ocrx_word' id='word_1_5' title='bbox 506 476 1066 538; x_wconf 90'>LOIRE-ATLANTIQUE</span>
     </span>
     <span class='ocr_header' id='line_1_4' title="bbox 318 563 440 595; baseline 0 -2; x_size 36">
      <span class='ocrx_word' id='word_1_6' title='bbox 318 563 340 595; x_wconf 93'>—</span>
      <span class='ocrx_word' id='word_1_7' title='bbox 350 563 440 595; x_wconf 12'>;</span>
     </span>
    </p>
   </div>
  </div>"#;

    #[test]
    fn lines_carry_their_baseline_and_size_and_words_their_boxes_and_text() {
        let lines = lines(HOCR, 2481.0, 3507.0);
        assert_eq!(lines.len(), 3);
        let line = &lines[1];
        assert_eq!((line.left, line.baseline, line.size), (318.0, 513.0, 76.5));
        assert!((line.baseline_at(418.0) - 515.0).abs() < 1e-3);
        assert_eq!(
            line.words[0],
            Word {
                left: 318.0,
                top: 472.0,
                right: 393.0,
                bottom: 514.0,
                confidence: 96.0,
                text: "L'<A>".into(),
            }
        );
        assert_eq!(text(&lines), "Arrêté\n\nL'<A> LOIRE-ATLANTIQUE\n—");
    }

    #[test]
    fn specks_doubtful_punctuation_and_what_touches_the_border_are_not_text() {
        let lines = lines(HOCR, 2481.0, 3507.0);
        let words: Vec<&str> = lines
            .iter()
            .flat_map(|line| &line.words)
            .map(|word| word.text.as_str())
            .collect();
        // The column on the left edge, the 3-pixel full stop, the doubtful semicolon: gone.
        assert_eq!(words, ["Arrêté", "L'<A>", "LOIRE-ATLANTIQUE", "—"]);
    }

    #[test]
    fn a_paragraph_left_without_its_first_line_starts_at_the_next() {
        let lines = lines(HOCR, 2481.0, 3507.0);
        let starts: Vec<bool> = lines.iter().map(|line| line.paragraph).collect();
        assert_eq!(starts, [true, true, false]);
    }
}
