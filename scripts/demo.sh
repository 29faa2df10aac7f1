#!/usr/bin/env bash
# `make run`: the product's main job on the shipped demo data, then where to look next.
set -euo pipefail
cd "$(dirname "$0")/.."
envinorma() { cargo run --quiet --release -p envinorma-local -- "$@"; }
demo=(--ams demo/ams --installations demo/installations_demo.csv --classements demo/classements_demo.csv)

# The demo data also goes through the real import code, into a database of its own.
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/envinorma_demo}
if ! psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '${DATABASE_URL##*/}'" | grep -q 1; then
  psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE ${DATABASE_URL##*/}"
fi
echo "== Import des données de démonstration dans $DATABASE_URL"
envinorma import ams demo/ams
ICPE_DATASET=demo envinorma import icpe demo/installations_demo.csv demo/classements_demo.csv
echo
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
