#!/usr/bin/env bash
# Puts libpdfium.so into LIB_DIR and its licences into DOC_DIR, from the PyPI wheel pypdfium2:
# a self-contained PDFium build (libc, libm, libpthread and libgcc_s only, glibc 2.17 and up)
# where GitHub's binaries cannot be downloaded. One version for the machine (make deps) and
# for ap-ocr's Lambda layer (infra/build-layers.sh).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 LIB_DIR DOC_DIR" >&2; exit 2; }
lib_dir=$1
doc_dir=$2
version=5.15.2

wheel_dir=$(mktemp -d)
trap 'rm -rf "$wheel_dir"' EXIT
echo "fetch-pdfium: libpdfium.so from pypdfium2 $version (PyPI) into $lib_dir"
python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
  --platform manylinux_2_17_x86_64 --dest "$wheel_dir" "pypdfium2==$version"
python3 -m zipfile -e "$wheel_dir"/pypdfium2-*.whl "$wheel_dir/x"
mkdir -p "$lib_dir" "$doc_dir"
install -m 0644 "$wheel_dir/x/pypdfium2_raw/libpdfium.so" "$lib_dir/libpdfium.so"
cp -r "$wheel_dir"/x/pypdfium2-*.dist-info/licenses/. "$doc_dir/"
