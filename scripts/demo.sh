#!/usr/bin/env bash
# `make run`: the product's main job on the shipped demo data, then where to look next.
set -euo pipefail
cd "$(dirname "$0")/.."
envinorma() { cargo run --quiet --release -p envinorma-local -- "$@"; }
demo=(--ams demo/ams --installations demo/installations_demo.csv --classements demo/classements_demo.csv)

echo "== Arrêtés ministériels applicables à chaque installation de démonstration"
envinorma am-list "${demo[@]}"
echo "== L'arrêté 2521 personnalisé pour la centrale 9000.00001 (sections inapplicables, modifiées)"
envinorma personalise "${demo[@]}" --s3ic 9000.00001 --am JORFTEXT000090000001
echo
echo "== Le même arrêté pour 9000.00003, dont les dates sont inconnues (avertissements « pourrait »)"
envinorma personalise "${demo[@]}" --s3ic 9000.00003 --am JORFTEXT000090000001
cat <<'NEXT'

Next:
  - JSON output for tools:   envinorma am-list … --json, envinorma personalise … --json
  - the whole IDF workload:  envinorma sweep --ams ../shared/data/ams \
                               --installations ../shared/data/icpe/installations_idf.csv \
                               --classements ../shared/data/icpe/classements_idf.csv
  - every command:           cargo run --release -p envinorma-local -- --help
NEXT
