#!/usr/bin/env bash
# Installs what the build, the tests and the local run need, idempotently (we run as root on
# Debian). Nothing is downloaded outside Debian, PyPI, npm and crates.io.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
have() { command -v "$1" >/dev/null 2>&1; }
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

have pg_isready || need_apt+=(postgresql-client)
[ -n "$(pg_bin)" ] || need_apt+=(postgresql)
have pkg-config || need_apt+=(pkg-config)
have curl || need_apt+=(curl)
have python3 || need_apt+=(python3 python3-pip)
# Debian's python3 makes venvs only with python3-venv: scripts/check-infra.sh keeps the SAM
# tools in venvs of their own.
python3 -c 'import ensurepip' 2>/dev/null || need_apt+=(python3-venv)
have npm || need_apt+=(nodejs npm)
# Headless Chromium and its WebDriver: the web function's browser and accessibility tests.
have chromium || need_apt+=(chromium)
have chromedriver || need_apt+=(chromium-driver)
# Tesseract with its French model, and what the `tesseract` crate's bindings build with: the OCR
# of the AP documents.
# poppler-utils: the tests read the searchable PDFs' text layer with `pdftotext -raw`.
for pkg in tesseract-ocr tesseract-ocr-fra libtesseract-dev libleptonica-dev clang libclang-dev poppler-utils; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || need_apt+=("$pkg")
done
# LibreOffice without its GUI: the exports' tests open the fiche (ODT) and the GUN file (ODS) with it.
for pkg in libreoffice-writer-nogui libreoffice-calc-nogui; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || need_apt+=("$pkg")
done

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

# moto server: the S3 and SQS emulator our cloud adapters are tested against.
if ! have moto_server; then
  echo "install-deps: pip install moto[server]"
  python3 -m pip install --quiet --disable-pip-version-check 'moto[server]>=5.1,<6'
fi

# PDFium, which the OCR function opens and renders PDFs with (scripts/fetch-pdfium.sh), in the
# system library path where pdfium-render finds it without any setting, with its licences beside it.
if [ ! -f /usr/local/lib/libpdfium.so ]; then
  bash scripts/fetch-pdfium.sh /usr/local/lib /usr/local/share/doc/pdfium
  ldconfig
fi

# The French State design system (DSFR), embedded in the web function at build time, and axe-core,
# which the browser tests inject into the pages to check their accessibility.
lock_stamp=node_modules/.package-lock.json
if [ ! -f "$lock_stamp" ] || [ package-lock.json -nt "$lock_stamp" ]; then
  echo "install-deps: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

have cargo || { echo "install-deps: cargo is missing (the Rust toolchain 1.95.0 must be installed)" >&2; exit 1; }
