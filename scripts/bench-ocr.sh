#!/usr/bin/env bash
# `make bench-ocr`: our OCR pipeline (`envinorma ocr`) against ocrmypdf (PyPI, the original's
# tool, `-l fra --jobs 1`) and bare tesseract (`pdftoppm -r 300 -gray`, then the `tesseract`
# command line page by page) on the scans of ../shared/data/ocr, side by side in one run on one
# core (taskset -c 0, OMP_THREAD_LIMIT=1). The three take turns file by file, so that a load
# that comes and goes weighs on each alike. Prints seconds per page (wall clock, and CPU: user
# and system time of the tool's processes, ocrmypdf's tesseracts included), pages per second, the
# corpus and worst-file CER (the PDFs' text read back by `pdftotext -raw`, bare tesseract's text
# as it prints it; scored by the tests' computation, the `cer` example of envinorma-ocr) and the
# largest output/input size ratio; exits non-zero when one of the issue's targets is missed:
# our CPU seconds per page ≤ 1.05 × bare tesseract's (on a machine others use, the wall clock
# measures them as much as the tools), our CER ≤ 2 % and ≤ max(ocrmypdf's + 0.5,
# bare tesseract's + 0.3), our outputs ≤ 1.1 × their input.
#
#   ENVINORMA_SHARED  the shared data folder (default: ../shared beside the repository)
#   OCRMYPDF_VENV     where ocrmypdf is installed (default: /var/cache/envinorma/venv-ocrmypdf)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${ENVINORMA_SHARED:-$(pwd)/../shared}
venv=${OCRMYPDF_VENV:-/var/cache/envinorma/venv-ocrmypdf}
ocrmypdf_version=17.13.0
export OMP_THREAD_LIMIT=1

# Tesseract, poppler and PDFium come with `make deps`. Ghostscript: ocrmypdf's fallback for
# rasterising and for PDF/A when its own paths (pypdfium2, pikepdf) give up.
if ! dpkg-query -W -f='${Status}' ghostscript 2>/dev/null | grep -q 'ok installed'; then
  echo "bench-ocr: apt-get install ghostscript"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ghostscript
fi
if [ "$("$venv/bin/ocrmypdf" --version 2>/dev/null)" != "$ocrmypdf_version" ]; then
  echo "bench-ocr: pip install ocrmypdf==$ocrmypdf_version in $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "ocrmypdf==$ocrmypdf_version"
fi

cargo build --quiet --release -p envinorma-local --bin envinorma
cargo build --quiet --release -p envinorma-ocr --example cer
bin=${CARGO_TARGET_DIR:-target}/release
pin=(taskset -c 0)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tools=(ours ocrmypdf tesseract)
declare -A nanos=([ours]=0 [ocrmypdf]=0 [tesseract]=0) cpu=([ours]=0 [ocrmypdf]=0 [tesseract]=0)
declare -A ratio=([ours]=0 [ocrmypdf]=0)
for tool in "${tools[@]}"; do mkdir -p "$work/$tool"; done

# User and system seconds of the processes this shell has waited for (and of theirs), in
# REPLY. `times` must run in this shell: a command substitution's subshell has no children.
children_cpu() {
  times >"$work/times"
  REPLY=$(awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/)
                         print u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$work/times")
}
# Runs one tool on one file, adding its wall and CPU time to the tool's.
timed() {
  local tool=$1 start before
  shift
  children_cpu
  before=$REPLY
  start=$(date +%s%N)
  "$@"
  nanos[$tool]=$((nanos[$tool] + $(date +%s%N) - start))
  children_cpu
  cpu[$tool]=$(awk -v sum="${cpu[$tool]}" -v before="$before" -v after="$REPLY" \
    'BEGIN { print sum + after - before }')
}
bare_tesseract() {
  local pdf=$1 text=$2 image
  "${pin[@]}" pdftoppm -r 300 -gray "$pdf" "$work/page"
  for image in "$work"/page-*.pgm; do
    "${pin[@]}" tesseract "$image" - -l fra 2>/dev/null
  done >"$text"
  rm -f "$work"/page-*.pgm
}

pages=0
echo "== $(uptime)"
for pdf in "$shared"/data/ocr/scan-*.pdf; do
  name=$(basename "$pdf" .pdf)
  pages=$((pages + $(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')))
  # Tesseract's notes ("Detected 51 diacritics") left out, as for the command line's below.
  timed ours "${pin[@]}" "$bin/envinorma" ocr "$pdf" -o "$work/ours/$name.pdf" >/dev/null \
    2> >(grep -v '^Detected [0-9]* diacritics$' >&2)
  timed ocrmypdf "${pin[@]}" "$venv/bin/ocrmypdf" --quiet -l fra --jobs 1 "$pdf" "$work/ocrmypdf/$name.pdf"
  timed tesseract bare_tesseract "$pdf" "$work/tesseract/$name.txt"
  for tool in ours ocrmypdf; do
    pdftotext -raw -enc UTF-8 "$work/$tool/$name.pdf" "$work/$tool/$name.txt"
    ratio[$tool]=$(awk -v max="${ratio[$tool]}" -v out="$(stat -c %s "$work/$tool/$name.pdf")" \
      -v input="$(stat -c %s "$pdf")" 'BEGIN { r = out / input; print (r > max ? r : max) }')
  done
done
echo "== $(uptime)"

declare -A seconds cpu_seconds corpus worst
printf '%-10s %8s %8s %8s %11s %22s %12s\n' tool s/page CPU/page pages/s "CER corpus" \
  "CER worst file" "size (max)"
for tool in "${tools[@]}"; do
  scores=$("$bin/examples/cer" "$shared/data/ocr" "$work/$tool")
  corpus[$tool]=$(awk -F'\t' '$1 == "corpus" { print $2 }' <<<"$scores")
  worst[$tool]=$(awk -F'\t' '$1 == "worst" { print $2 " % (" $3 ")" }' <<<"$scores")
  seconds[$tool]=$(awk -v n="${nanos[$tool]}" -v p="$pages" 'BEGIN { printf "%.2f", n / 1e9 / p }')
  cpu_seconds[$tool]=$(awk -v c="${cpu[$tool]}" -v p="$pages" 'BEGIN { printf "%.2f", c / p }')
  size=${ratio[$tool]:+×$(printf '%.3f' "${ratio[$tool]}")}
  printf '%-10s %8s %8s %8.2f %9s %% %22s %12s\n' "$tool" "${seconds[$tool]}" \
    "${cpu_seconds[$tool]}" "$(awk -v s="${seconds[$tool]}" 'BEGIN { print 1 / s }')" \
    "${corpus[$tool]}" "${worst[$tool]}" "${size:-—}"
done
echo "($pages pages, one core)"

missed=0
target() {
  local what=$1 holds=$2
  if awk "BEGIN { exit !($holds) }"; then
    echo "ok      $what"
  else
    echo "MISSED  $what"
    missed=1
  fi
}
target "our CPU s/page ${cpu_seconds[ours]} ≤ 1.05 × bare tesseract's ${cpu_seconds[tesseract]}" \
  "${cpu_seconds[ours]} <= 1.05 * ${cpu_seconds[tesseract]}"
target "our CER ${corpus[ours]} % ≤ 2 %" "${corpus[ours]} <= 2"
target "our CER ${corpus[ours]} % ≤ max(ocrmypdf's ${corpus[ocrmypdf]} + 0.5, bare tesseract's ${corpus[tesseract]} + 0.3)" \
  "${corpus[ours]} <= ${corpus[ocrmypdf]} + 0.5 || ${corpus[ours]} <= ${corpus[tesseract]} + 0.3"
target "our outputs ≤ 1.1 × their input (largest ×$(printf '%.3f' "${ratio[ours]}"))" \
  "${ratio[ours]} <= 1.1"
exit "$missed"
