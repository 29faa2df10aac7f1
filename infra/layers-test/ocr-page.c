/* Reads one 8-bit grey page (binary PGM) with libtesseract's C API the way shared/ocr does
 * (src/reading.rs): Init3 without a data path in French, PSM_AUTO, raw grey pixels, 300 dpi,
 * Recognize under a monitor whose cancel callback is asked, then the hOCR and the plain text.
 * Prints the text on stdout, writes the hOCR (what shared/ocr reads: words, boxes,
 * confidences) to HOCR, and says on stderr how often the callback was asked. Built and run by
 * infra/test-tesseract-layer.sh against the layer.
 *
 *   ocr-page PAGE.pgm HOCR [cancel]   with "cancel", the callback stops the page at once
 */
#include <tesseract/capi.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct watch {
  int asked;
  int cancel;
};

/* Counts the calls: tesseract must call it while recognising, else a page could not be
 * stopped over its budget. */
static bool cancel_cb(void *this, int words) {
  struct watch *w = this;
  (void)words;
  w->asked++;
  return w->cancel;
}

/* The PGM header: "P5", width, height, maxval 255, comments allowed (pdftoppm writes none). */
static int pgm_number(FILE *f) {
  int c, n = 0;
  while ((c = fgetc(f)) != EOF) {
    if (c == '#') {
      while ((c = fgetc(f)) != EOF && c != '\n') {
      }
    } else if (c >= '0' && c <= '9') {
      break;
    }
  }
  for (; c >= '0' && c <= '9'; c = fgetc(f)) n = n * 10 + (c - '0');
  return n;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s PAGE.pgm HOCR [cancel]\n", argv[0]);
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  char magic[3] = {0};
  if (!f || fread(magic, 1, 2, f) != 2 || strcmp(magic, "P5") != 0) {
    fprintf(stderr, "%s: not a binary PGM\n", argv[1]);
    return 1;
  }
  int width = pgm_number(f), height = pgm_number(f), maxval = pgm_number(f);
  if (width <= 0 || height <= 0 || maxval != 255) {
    fprintf(stderr, "%s: %dx%d, maxval %d: want 8-bit grey\n", argv[1], width, height, maxval);
    return 1;
  }
  size_t size = (size_t)width * (size_t)height;
  unsigned char *gray = malloc(size);
  if (!gray || fread(gray, 1, size, f) != size) {
    fprintf(stderr, "%s: truncated\n", argv[1]);
    return 1;
  }
  fclose(f);

  TessBaseAPI *api = TessBaseAPICreate();
  /* NULL data path: libtesseract reads TESSDATA_PREFIX, as on Lambda. */
  if (TessBaseAPIInit3(api, NULL, "fra") != 0) {
    fprintf(stderr, "Init3 failed: fra.traineddata not found under TESSDATA_PREFIX\n");
    return 1;
  }
  TessBaseAPISetPageSegMode(api, PSM_AUTO);
  TessBaseAPISetImage(api, gray, width, height, 1, width);
  TessBaseAPISetSourceResolution(api, 300);

  struct watch w = {0, argc > 3 && strcmp(argv[3], "cancel") == 0};
  ETEXT_DESC *monitor = TessMonitorCreate();
  TessMonitorSetCancelFunc(monitor, cancel_cb);
  TessMonitorSetCancelThis(monitor, &w);
  int status = TessBaseAPIRecognize(api, monitor);
  TessMonitorDelete(monitor);

  char *hocr = TessBaseAPIGetHOCRText(api, 0);
  char *text = TessBaseAPIGetUTF8Text(api);
  if (!hocr || !text) {
    fprintf(stderr, "no hOCR or no text\n");
    return 1;
  }
  fputs(text, stdout);
  FILE *out = fopen(argv[2], "w");
  if (!out || fputs(hocr, out) < 0 || fclose(out) != 0) {
    fprintf(stderr, "%s: cannot write the hOCR\n", argv[2]);
    return 1;
  }
  fprintf(stderr, "ocr-page: %s, status %d, cancel callback asked %d times, %zu bytes of hOCR\n",
          TessVersion(), status, w.asked, strlen(hocr));
  TessDeleteText(hocr);
  TessDeleteText(text);
  TessBaseAPIClear(api);
  TessBaseAPIDelete(api);
  free(gray);
  return 0;
}
