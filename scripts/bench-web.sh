#!/usr/bin/env bash
# `make bench-web`: the web function's speed and memory, measured with wrk on
# `envinorma serve web` (the router alone, as the Lambda runs it) against a database holding
# the IDF data and the AMs. Prints the figures the README records.
#
#   DATABASE_URL   the database to use (default: postgres://postgres@127.0.0.1:5432/envinorma_bench,
#                  created and loaded when it holds no installation)
#   ENVINORMA_SHARED  the shared data folder (default: ../shared beside the repository)
#   PORT           the port to serve on (default 3900)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${ENVINORMA_SHARED:-$(pwd)/../shared}
port=${PORT:-3900}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/envinorma_bench}
export ENVINORMA_ENV=local RUST_LOG=${RUST_LOG:-warn}
command -v wrk >/dev/null || apt-get install -y -q wrk >/dev/null

cargo build --quiet --release -p envinorma-local
bin=${CARGO_TARGET_DIR:-target}/release/envinorma
sql() { psql "$DATABASE_URL" -tAc "$1"; }

server=${DATABASE_URL%/*}/postgres
database=${DATABASE_URL##*/}
if [ -z "$(psql "$server" -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]; then
  psql "$server" -qc "CREATE DATABASE $database"
fi
if [ "$(sql "SELECT to_regclass('installations') IS NOT NULL AND EXISTS (SELECT 1 FROM installations)" 2>/dev/null)" != t ]; then
  echo "== loading the IDF data and the AMs into $database"
  ams=$(mktemp -d)
  for file in "$shared"/data/ams/*.json; do
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$file" 2>/dev/null && cp "$file" "$ams/"
  done
  "$bin" import ams "$ams" >/dev/null
  rm -rf "$ams"
  ICPE_DATASET=idf "$bin" import icpe "$shared"/data/icpe/{installations,classements,aps}_idf.csv >/dev/null
fi

installation=$(sql "SELECT id FROM installations WHERE s3ic_id = '0065.00037' AND user_id IS NULL")
# The AM of median size, shown to an installation it applies to.
read -r median_am median_installation < <(sql "
  WITH ranked AS (SELECT cid, classements_with_alineas,
                         row_number() OVER (ORDER BY octet_length(data::text)) AS rank,
                         count(*) OVER () AS total FROM ams)
  SELECT r.cid, c.installation_id FROM ranked r
  CROSS JOIN LATERAL jsonb_array_elements(r.classements_with_alineas) e
  JOIN classements c ON c.rubrique = e->>'rubrique' AND c.regime = e->>'regime'
  WHERE r.rank = r.total / 2 + 1 LIMIT 1" | tr '|' ' ')
# The largest AM file of data/ams (1 MB of JSON), named by the issue's target, shown to an
# installation it is listed for (the page shows only those).
largest_am=JORFTEXT000037284611
largest_installation=$(sql "
  SELECT c.installation_id FROM ams a
  CROSS JOIN LATERAL jsonb_array_elements(a.classements_with_alineas) e
  JOIN classements c ON c.rubrique = e->>'rubrique' AND c.regime = e->>'regime'
  JOIN installations i ON i.id = c.installation_id AND i.user_id IS NULL
  WHERE a.cid = '$largest_am' ORDER BY c.installation_id LIMIT 1")

start_ns=$(date +%s%N)
"$bin" serve web --port "$port" >/tmp/envinorma-bench-web.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
until curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; do sleep 0.002; done
echo "cold start (exec → first 200 on /, database connection included): $(( ($(date +%s%N) - start_ns) / 1000000 )) ms"

base=http://127.0.0.1:$port
run() { # name, connections, duration, url
  echo "== $1: $2 connections, $3"
  wrk -t"$(( $2 < 2 ? 1 : 2 ))" -c"$2" -d"$3" --latency "$4" | grep -E "^\s+(50|99)%|Requests/sec|Non-2xx|Socket errors"
}
run "installation page 0065.00037" 32 15s "$base/installations/$installation"
run "AM page, median AM $median_am" 8 15s "$base/installations/$median_installation/arretes?am_ids[]=$median_am"
run "AM page, largest AM $largest_am, alone" 1 10s "$base/installations/$largest_installation/arretes?am_ids[]=$largest_am"

# Saving a tick: the first section of the 2521 AM with several alinéas, all ticked, sent as
# the page's script sends it (one user: their cookie and CSRF token).
jar=$(mktemp)
tick_lua=$(mktemp --suffix=.lua)
page=$(mktemp)
curl -fsS -c "$jar" -o "$page" "$base/installations/$installation/arretes?am_ids[]=JORFTEXT000038358856"
body=$(python3 - "$page" <<'PY'
import html, re, sys, urllib.parse
page = open(sys.argv[1], encoding="utf-8").read()
forms = re.findall(r'<form id="alinea_checkbox_form_[^"]*".*?</form>', page, re.S)
form = next(f for f in forms if f.count('name="prescription_checkbox_') >= 3)
fields = [(html.unescape(n), html.unescape(v)) for n, v in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)"', form)]
fields += [(n, "1") for n in re.findall(r'name="(prescription_checkbox_[^"]*)"', form)]
print(urllib.parse.urlencode(fields))
PY
)
cookie=$(awk '$6 ~ /user/ {print $6 "=" $7}' "$jar")
cat >"$tick_lua" <<LUA
wrk.method = "POST"
wrk.body = "$body"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.headers["Cookie"] = "$cookie"
LUA
echo "== saving a tick (POST …/prescriptions/from_am): 32 connections, 15s"
wrk -t2 -c32 -d15s --latency -s "$tick_lua" "$base/installations/$installation/prescriptions/from_am" \
  | grep -E "^\s+(50|99)%|Requests/sec|Non-2xx|Socket errors"
rm -f "$jar" "$tick_lua" "$page"

rss() { awk '/VmRSS/ {printf "%.1f MB", $2 / 1024}' "/proc/$pid/status"; }
echo "RSS after the runs above: $(rss)"
# Flat memory: two more rounds of about 10k requests each (mixed pages) must not grow it.
for round in 1 2; do
  wrk -t2 -c8 -d6s "$base/installations/$installation" | grep -E "requests in"
  wrk -t2 -c8 -d4s "$base/installations/$median_installation/arretes?am_ids[]=$median_am" | grep -E "requests in"
  echo "RSS after round $round: $(rss)"
done
