#!/usr/bin/env python3
"""Turns a text PDF into an image-only one, as a scanner would: each page rendered in grey by
pdftoppm (poppler-utils) and stored as a deflated image, with no text object left. Makes the
demo's "scanned" APs (demo/aps/), which `envinorma dev` then OCRs with the real pipeline.

    scripts/demo-scan.py IN.pdf OUT.pdf [DPI]
"""
import pathlib
import subprocess
import sys
import tempfile
import zlib


def pgm(path):
    """(width, height, pixels) of a binary PGM as pdftoppm writes it."""
    data = path.read_bytes()
    fields, position = [], 0
    while len(fields) < 4:
        while data[position:position + 1].isspace():
            position += 1
        end = position
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    assert fields[0] == b"P5" and fields[3] == b"255", f"{path}: not an 8-bit PGM"
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[position + 1:position + 1 + width * height]


def main(source, target, dpi=150):
    with tempfile.TemporaryDirectory() as folder:
        prefix = pathlib.Path(folder) / "page"
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", source, str(prefix)], check=True)
        pages = [pgm(path) for path in sorted(pathlib.Path(folder).glob("page*.pgm"))]
    objects = []  # Bodies of objects 3, 4…: per page its image, its content, the page.
    kids = []
    for width, height, pixels in pages:
        points = (width * 72 / dpi, height * 72 / dpi)
        image = zlib.compress(pixels, 9)
        objects.append(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
            b" /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
            % (width, height, len(image), image))
        image_number = 2 + len(objects)
        content = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % points
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Contents %d 0 R"
            b" /Resources << /XObject << /Im0 %d 0 R >> >> >>"
            % (points[0], points[1], image_number + 1, image_number))
        kids.append(b"%d 0 R" % (2 + len(objects)))
    bodies = [b"<< /Type /Catalog /Pages 2 0 R >>",
              b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))] + objects
    out, offsets = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref)
    pathlib.Path(target).write_bytes(bytes(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *(int(a) for a in sys.argv[3:4]))
