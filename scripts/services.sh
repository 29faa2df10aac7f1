#!/usr/bin/env bash
# Starts the services the tests need when they are not already running:
# PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres) and moto on 127.0.0.1:4566.
set -euo pipefail

state=${ENVINORMA_SERVICES_DIR:-/var/tmp/envinorma-services}
mkdir -p "$state"

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  data="$state/pg"
  # initdb and pg_ctl refuse to run as root: the cluster belongs to postgres.
  if [ ! -f "$data/PG_VERSION" ]; then
    install -d -o postgres -g postgres "$data"
    runuser -u postgres -- "$bin/initdb" -D "$data" --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  install -d -o postgres -g postgres "$state/pg-socket"
  runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$state/pg.log" -w start \
    -o "-c listen_addresses=127.0.0.1 -c port=5432 -c unix_socket_directories=$state/pg-socket -c max_connections=200 -c fsync=off" >/dev/null
  echo "services: PostgreSQL started ($data)"
fi
pg_isready -h 127.0.0.1 -p 5432 -q

if ! curl -fsS -o /dev/null http://127.0.0.1:4566/moto-api/ 2>/dev/null; then
  nohup moto_server -H 127.0.0.1 -p 4566 >"$state/moto.log" 2>&1 &
  for _ in $(seq 50); do
    curl -fsS -o /dev/null http://127.0.0.1:4566/moto-api/ 2>/dev/null && break
    sleep 0.2
  done
  curl -fsS -o /dev/null http://127.0.0.1:4566/moto-api/ || { echo "services: moto did not start, see $state/moto.log" >&2; exit 1; }
  echo "services: moto started on 127.0.0.1:4566"
fi
