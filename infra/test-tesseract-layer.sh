#!/usr/bin/env bash
# Proves infra/layers/tesseract (built by infra/build-layers.sh) does what ap-ocr asks of it,
# on this machine, as far as it can be proved without Lambda:
#   1. every libtesseract function shared/ocr calls is exported by the layer's library;
#   2. a C program calling them as shared/ocr does, built with Zig for glibc 2.34 against the
#      layer, passes infra/check-glibc.sh together with the layer;
#   3. run with the layer's lib/ and tessdata only, it reads the first page of each scanned PDF
#      in French, and its text is that of Debian's libtesseract (same program) and of Debian's
#      `tesseract` command (same page, same resolution), and its hOCR (the words, boxes and
#      confidences shared/ocr keeps) that of Debian's libtesseract, within MIN_SIMILARITY;
#   4. the monitor's cancel callback is asked while recognising, and stops the page when it
#      says so (what bounds a page's time in ap-ocr).
# Needs Debian's tesseract-ocr, tesseract-ocr-fra, libtesseract-dev (the C API's header) and
# poppler-utils (scripts/install-deps.sh), and the Zig that build-layers.sh installed.
#   infra/test-tesseract-layer.sh [SCANNED.pdf...]   (default: the corpus' scan-01.pdf)
#   ENVINORMA_SHARED  the shared data folder (default: ../shared beside the repository)
set -euo pipefail
cd "$(dirname "$0")/.."
layer=$PWD/infra/layers/tesseract
shared=${ENVINORMA_SHARED:-$(pwd)/../shared}
if [ $# -gt 0 ]; then pdfs=("$@"); else pdfs=("$shared/data/ocr/scan-01.pdf"); fi
tools=${ENVINORMA_TOOLS_DIR:-/var/cache/envinorma/tools}
# Character similarity (difflib's ratio) both comparisons must reach: the same sources and
# model, built by another compiler, may still round a float differently somewhere.
MIN_SIMILARITY=0.98

[ -f "$layer/lib/libtesseract.so.5" ] || {
  echo "test-tesseract-layer: no $layer/lib/libtesseract.so.5; run infra/build-layers.sh tesseract" >&2
  exit 1
}
zig_version=$(sed -n 's/^ZIG_VERSION=\([^ ]*\).*/\1/p' infra/build-layers.sh)
glibc=$(sed -n 's/^GLIBC_TARGET=\([^ ]*\).*/\1/p' infra/build-layers.sh)
zig_python=$tools/zig-$zig_version/bin/python
[ -x "$zig_python" ] || { echo "test-tesseract-layer: no Zig in $tools/zig-$zig_version; run infra/build-layers.sh tesseract" >&2; exit 1; }
export ZIG_GLOBAL_CACHE_DIR=$tools/zig-cache
# As on Lambda (the template's setting); Debian's OpenMP build spins without it.
export OMP_THREAD_LIMIT=1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== 1. the C API shared/ocr calls, exported by the layer"
# Listed once into a file: grep -q leaving a pipe early would fail it under pipefail.
nm -D --defined-only "$layer/lib/libtesseract.so.5" | awk '{ print $NF }' >"$work/exported"
missing=0
for fn in $(grep -ho 'sys::Tess[A-Za-z0-9_]*(' shared/ocr/src/*.rs | sed 's/^sys:://; s/($//' | sort -u); do
  if grep -qx "$fn" "$work/exported"; then
    echo "   $fn"
  else
    echo "   $fn MISSING" >&2
    missing=1
  fi
done
[ "$missing" -eq 0 ] || exit 1

echo "== 2. a program built for glibc $glibc against the layer"
# Debian's header (the one tesseract-sys's bindings are made from), and nothing else of the
# machine: its own glibc headers would not be those of the target.
mkdir -p "$work/include"
ln -s /usr/include/tesseract "$work/include/tesseract"
"$zig_python" -m ziglang cc -target "x86_64-linux-gnu.$glibc" -O2 -Wall -Werror \
  -isystem "$work/include" infra/layers-test/ocr-page.c \
  "$layer/lib/libtesseract.so.5" -o "$work/ocr-page"
bash infra/check-glibc.sh "$work/ocr-page" "$layer/lib"

# The loader must take the layer's library, not Debian's of the same soname.
loaded=$(LD_LIBRARY_PATH=$layer/lib LD_TRACE_LOADED_OBJECTS=1 "$work/ocr-page" | awk '$1 == "libtesseract.so.5" { print $3 }')
[ "$loaded" = "$layer/lib/libtesseract.so.5" ] || {
  echo "test-tesseract-layer: libtesseract.so.5 loaded from $loaded, not the layer" >&2
  exit 1
}

# How close A is to B, texts or hOCRs: "identical", or difflib's ratio and the differing lines;
# fails below MIN_SIMILARITY or when A is empty.
compare() {
  python3 - "$@" "$MIN_SIMILARITY" <<'PY'
import difflib, sys
name, a_path, b_path, least = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
a, b = (open(p, encoding="utf-8").read() for p in (a_path, b_path))
ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
same = "identical" if a == b else f"{ratio:.4f} similar"
print(f"   layer vs {name}: {same} ({len(a)} / {len(b)} characters)")
if a != b:
    diff = difflib.unified_diff(b.splitlines(True), a.splitlines(True), "debian", "layer", n=0)
    sys.stdout.writelines("   " + line for line in diff)
if not a.strip():
    print("   the layer read nothing", file=sys.stderr)
sys.exit(0 if a.strip() and ratio >= least else 1)
PY
}

n=0
for pdf in "${pdfs[@]}"; do
  n=$((n + 1))
  echo "== 3.$n page 1 of $(basename "$pdf"), 300 dpi grey"
  pdftoppm -r 300 -gray -f 1 -l 1 "$pdf" "$work/page$n"
  page=$(ls "$work/page$n"*.pgm)
  start=$(date +%s%N)
  LD_LIBRARY_PATH=$layer/lib TESSDATA_PREFIX=$layer/share/tessdata \
    "$work/ocr-page" "$page" "$work/layer$n.hocr" >"$work/layer$n.txt" 2>"$work/layer$n.err"
  layer_ms=$((($(date +%s%N) - start) / 1000000))
  sed 's/^/   /' "$work/layer$n.err"
  start=$(date +%s%N)
  TESSDATA_PREFIX=/usr/share/tesseract-ocr/5/tessdata \
    "$work/ocr-page" "$page" "$work/debian$n.hocr" >"$work/debian$n.txt" 2>"$work/debian$n.err"
  debian_ms=$((($(date +%s%N) - start) / 1000000))
  sed 's/^/   /' "$work/debian$n.err"
  tesseract "$page" - -l fra --dpi 300 >"$work/cli$n.txt" 2>/dev/null
  echo "   $layer_ms ms with the layer, $debian_ms ms with Debian's library (wall clock, shared machine)"
  echo "   the layer's text, first lines:"
  grep -v '^\s*$' "$work/layer$n.txt" | head -4 | sed 's/^/   | /'
  compare "Debian's library, text" "$work/layer$n.txt" "$work/debian$n.txt"
  compare "Debian's library, hOCR" "$work/layer$n.hocr" "$work/debian$n.hocr"
  compare "Debian's tesseract command, text" "$work/layer$n.txt" "$work/cli$n.txt"
done

echo "== 4. the monitor's cancel callback"
asked=$(sed -n 's/.*callback asked \([0-9]*\) times.*/\1/p' "$work/layer1.err")
[ "${asked:-0}" -gt 0 ] || { echo "test-tesseract-layer: the cancel callback was never asked" >&2; exit 1; }
LD_LIBRARY_PATH=$layer/lib TESSDATA_PREFIX=$layer/share/tessdata \
  "$work/ocr-page" "$(ls "$work"/page1*.pgm)" "$work/cancelled.hocr" cancel \
  >"$work/cancelled.txt" 2>"$work/cancelled.err"
sed 's/^/   /' "$work/cancelled.err"
full=$(wc -w <"$work/layer1.txt")
cut=$(wc -w <"$work/cancelled.txt")
echo "   words read: $full in full, $cut when the callback stops the page at once"
[ "$cut" -lt "$full" ] || { echo "test-tesseract-layer: cancelling did not stop the page" >&2; exit 1; }
echo "test-tesseract-layer: ok"
