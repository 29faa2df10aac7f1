//! The text layer of a searchable page: the words tesseract read, laid over the page as
//! invisible Helvetica where viewers select them and extractors read them.

use crate::reading::Line;
use pdfium_render::prelude::{
    PdfDocument, PdfFontToken, PdfPage, PdfPageObjectCommon, PdfPageObjectsCommon,
    PdfPageTextObject, PdfPageTextRenderMode, PdfPoints, PdfiumError,
};

/// The least gap between a word's glyphs and the next word's, in em of the line's size.
/// Extractors part words by the gap, not by a space character: poppler (`pdftotext`) runs two
/// words together when the second starts less than 0.1 em after the first ends, and tesseract's
/// boxes of two words may nearly touch (3 pixels between "la" and "commune" on scan-08).
const WORD_GAP: f32 = 0.25;

/// Lays the words of `lines` (in pixels, `scale` points each) over `page`. The words of a line
/// share its font size and sit on its baseline, each starting where tesseract saw it and
/// stretched to its width (short of the next word by [`WORD_GAP`]).
pub(crate) fn lay<'a>(
    document: &PdfDocument<'a>,
    page: &mut PdfPage<'a>,
    font: PdfFontToken,
    lines: &[Line],
    scale: f32,
) -> Result<(), PdfiumError> {
    // PDF's y axis goes up from the page's bottom.
    let page_height = page.height().value;
    for line in lines {
        let size = PdfPoints::new(line.size * scale);
        for (index, word) in line.words.iter().enumerate() {
            let right = match line.words.get(index + 1) {
                Some(next) => word.right.min(next.left - WORD_GAP * line.size),
                None => word.right,
            };
            // The trailing space ends the word for extractors that read characters rather than
            // gaps (PDFium's own). It also makes the object's box end where the word's last glyph
            // advances to, which is where poppler ends the word; the box's width alone would
            // miss the first glyph's side bearing (a third of an "l").
            let mut object =
                PdfPageTextObject::new(document, format!("{} ", word.text), font, size)?;
            object.set_render_mode(PdfPageTextRenderMode::Invisible)?;
            let natural = object.bounds()?.right().value;
            let width = (right - word.left) * scale;
            if natural > 0.0 && width > 0.0 {
                object.scale(width / natural, 1.0)?;
            }
            object.translate(
                PdfPoints::new(word.left * scale),
                PdfPoints::new(page_height - line.baseline_at(word.left) * scale),
            )?;
            page.objects_mut().add_text_object(object)?;
        }
    }
    Ok(())
}
