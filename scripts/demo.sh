#!/usr/bin/env bash
# `make run`: `envinorma dev`, the product on this machine with its demo data, until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
cat <<'NEXT'
Once it prints its address, open http://localhost:3000 and look up:
  - 9000.00001, the asphalt plant: its AMs, one personalised (inapplicable and modified
    sections), its APs (a scan made searchable by the OCR at start-up, a PDF with text);
  - 9000.00003, whose dates are unknown: sections that "pourrait" not apply;
  - 9000.00002 and 9000.00004: a scanned AP, and an AP whose document is broken (OCR failed).
The back-office is on http://localhost:3001: sign in as "demo" with the password printed
below, edit an AM's text, preview it, and "Exporter les AMs" publishes it to the web app.
The command line: cargo run --release -p envinorma-local -- --help
NEXT
exec cargo run --quiet --release -p envinorma-local -- dev
