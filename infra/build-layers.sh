#!/usr/bin/env bash
# Assembles the folders of ap-ocr's Lambda layers, which infra/template.yaml packs as they are
# (a layer lands under /opt: lib/ is in the function's LD_LIBRARY_PATH, share/tessdata is its
# TESSDATA_PREFIX). Run it before `sam build`; `infra/build-layers.sh pdfium` builds one only.
#   infra/layers/pdfium     lib/libpdfium.so, share/doc/pdfium/ (its licences)
#   infra/layers/tesseract  lib/ (libtesseract, libleptonica and what they link), share/tessdata/
set -euo pipefail
cd "$(dirname "$0")/.."
layers=infra/layers

build_pdfium() {
  local dir=$layers/pdfium
  # Started afresh: a layer must hold what this script puts in it and nothing left from before.
  rm -rf "$dir"
  bash scripts/fetch-pdfium.sh "$dir/lib" "$dir/share/doc/pdfium"
  echo "build-layers: $dir ready ($(du -sh "$dir" | cut -f1))"
}

# Debian's tesseract cannot be copied as it is: of the 56 libraries it links, some (Debian's
# libarchive and libstdc++ among them) need glibc 2.36, and provided.al2023 has 2.34. Building it
# for Amazon Linux 2023 is being worked on (infra/README.md, "Open").
build_tesseract() {
  echo "tesseract layer: not built yet, see infra/README.md" >&2
  return 1
}

case ${1:-all} in
  pdfium) build_pdfium ;;
  tesseract) build_tesseract ;;
  all)
    build_pdfium
    build_tesseract
    ;;
  *)
    echo "usage: $0 [pdfium|tesseract|all]" >&2
    exit 2
    ;;
esac
