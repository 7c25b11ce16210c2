# shellcheck shell=bash
# Starts the project's test PostgreSQL 15 + pgvector on 127.0.0.1:54329 and exports TEST_DATABASE_URL.
# Used by .ci/run and by developers, so both get the same server:
#   source scripts/ci/start-postgres.sh      # starts (installing if needed) and exports TEST_DATABASE_URL
#   bash scripts/ci/stop-postgres.sh         # stops it
# A separate port and data directory keep it clear of any Debian-managed cluster on 5432.
# Auth is trust on loopback only: it is a throwaway test server (tests create and drop their own
# databases), never reachable from another host.
# Written to be sourced into an interactive shell: no `set -e`, no `exit`, every step checks itself.

SANPO_PG_MAJOR=15
SANPO_PG_BIN="/usr/lib/postgresql/$SANPO_PG_MAJOR/bin"
SANPO_PG_PORT="${SANPO_PG_PORT:-54329}"
# Under /tmp, not $HOME: the postgres user cannot enter root's home directory.
SANPO_PG_DIR="${SANPO_PG_DIR:-/tmp/sanpo-pg-$SANPO_PG_MAJOR}"
SANPO_PG_DB=sanpo_test
SANPO_PG_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# initdb and pg_ctl refuse to run as root, so as root they run as the postgres user.
sanpo_pg_run() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

sanpo_pg_psql() { # psql as the superuser against database $1, remaining arguments passed on
  local db="$1"
  shift
  psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$SANPO_PG_PORT" -U postgres -d "$db" "$@"
}

sanpo_pg_init() {
  local data="$SANPO_PG_DIR/data"
  [ -f "$data/PG_VERSION" ] && return 0
  echo "initdb $data"
  mkdir -p "$SANPO_PG_DIR" || return 1
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$SANPO_PG_DIR" || return 1; fi
  local locale=C.UTF-8
  locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$' || locale=C
  sanpo_pg_run "$SANPO_PG_BIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale="$locale" \
    >"$SANPO_PG_DIR/initdb.log" 2>&1 || { cat "$SANPO_PG_DIR/initdb.log" >&2; return 1; }
  # Durability settings off: a test server that loses data on a crash is fine, and much faster.
  sanpo_pg_run tee -a "$data/postgresql.conf" >/dev/null <<CONF || return 1
# sanpo-assistant test server (scripts/ci/start-postgres.sh)
listen_addresses = '127.0.0.1'
port = $SANPO_PG_PORT
unix_socket_directories = '$SANPO_PG_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF
}

sanpo_pg_start() {
  if [ ! -x "$SANPO_PG_BIN/pg_ctl" ] || [ ! -f "/usr/share/postgresql/$SANPO_PG_MAJOR/extension/vector.control" ]; then
    bash "$SANPO_PG_SCRIPTS/install-postgres.sh" || return 1
  fi
  sanpo_pg_init || return 1
  local data="$SANPO_PG_DIR/data"
  if sanpo_pg_run "$SANPO_PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    echo "PostgreSQL already running on 127.0.0.1:$SANPO_PG_PORT"
  else
    echo "starting PostgreSQL on 127.0.0.1:$SANPO_PG_PORT"
    sanpo_pg_run "$SANPO_PG_BIN/pg_ctl" -D "$data" -l "$SANPO_PG_DIR/server.log" -w -t 60 start >/dev/null ||
      { tail -n 30 "$SANPO_PG_DIR/server.log" >&2; return 1; }
    export SANPO_PG_STARTED_HERE=1
  fi
  if [ -z "$(sanpo_pg_psql postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$SANPO_PG_DB'")" ]; then
    sanpo_pg_psql postgres -c "CREATE DATABASE $SANPO_PG_DB" || return 1
  fi
  # An older data directory may hold an older extension version: update it to what is installed.
  sanpo_pg_psql "$SANPO_PG_DB" \
    -c 'SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS vector; ALTER EXTENSION vector UPDATE' ||
    return 1
  local version
  version="$(sanpo_pg_psql "$SANPO_PG_DB" -tAc "SELECT extversion FROM pg_extension WHERE extname = 'vector'")" || return 1
  if [ "$(printf '%s\n%s\n' 0.7 "$version" | sort -V | head -n1)" != "0.7" ]; then
    echo "pgvector in $SANPO_PG_DB is '$version', need >= 0.7" >&2
    return 1
  fi
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$SANPO_PG_PORT/$SANPO_PG_DB"
  echo "$(sanpo_pg_psql postgres -tAc 'SHOW server_version') with pgvector $version: TEST_DATABASE_URL=$TEST_DATABASE_URL"
}

sanpo_pg_stop() {
  [ -f "$SANPO_PG_DIR/data/PG_VERSION" ] || return 0
  sanpo_pg_run "$SANPO_PG_BIN/pg_ctl" -D "$SANPO_PG_DIR/data" status >/dev/null 2>&1 || return 0
  echo "stopping PostgreSQL on 127.0.0.1:$SANPO_PG_PORT"
  sanpo_pg_run "$SANPO_PG_BIN/pg_ctl" -D "$SANPO_PG_DIR/data" -m fast -w stop >/dev/null
}

if [ -n "${SANPO_PG_NO_START:-}" ]; then
  : # only the functions were wanted (stop-postgres.sh)
elif [ "${BASH_SOURCE[0]}" = "$0" ]; then
  # Executed rather than sourced: start, and print the URL for the caller to export.
  set -euo pipefail
  sanpo_pg_start
else
  sanpo_pg_start
fi
