#!/usr/bin/env bash
# Runs the server test suite (server/**/*.test.ts) against a real PostgreSQL, with the tests of
# what else runs inside PostgreSQL (lib/connectors/events/postgres.test.ts: the events rollup).
#
# - DATABASE_URL set: uses that database (each test file works in a schema of its own and drops
#   it afterwards).
# - Else, on Debian: installs Debian's `postgresql` when missing (apt-get, as root or through
#   passwordless sudo), starts the newest cluster with pg_ctlcluster (which runs the server as the
#   `postgres` user), creates the role and database `healthbar_test` when missing, runs the suite,
#   and stops the cluster again if this script started it. Running it twice is fine.
# - Else: says what to set and exits 0 without testing (CI runs on Debian, where it always runs).
set -euo pipefail
cd "$(dirname "$0")/.."

run_suite() {
  echo "== server tests against PostgreSQL ($(redact "$DATABASE_URL")) =="
  DATABASE_URL="$DATABASE_URL" npx vitest run server lib/connectors/events/postgres.test.ts
}

redact() { sed -E 's#(://[^:/@]+):[^@]*@#\1:***@#' <<<"$1"; }

if [ -n "${DATABASE_URL:-}" ]; then
  run_suite
  exit 0
fi

if [ ! -r /etc/debian_version ]; then
  echo "SKIP: no DATABASE_URL and not Debian: set DATABASE_URL=postgresql://user:pass@host:5432/db to run the server tests against PostgreSQL."
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    echo "SKIP: setting up PostgreSQL needs root (or passwordless sudo); or set DATABASE_URL to a database of yours."
    exit 0
  fi
fi
as_root() { "${SUDO[@]}" "$@"; }
as_postgres() { (cd / && as_root runuser -u postgres -- "$@"); }

newest_version() { ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(newest_version)" ] \
  || [ ! -x "/usr/lib/postgresql/$(newest_version)/bin/postgres" ]; then
  echo "== installing Debian's postgresql =="
  export DEBIAN_FRONTEND=noninteractive
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql; then
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
  fi
fi

VER="$(newest_version)"
if [ -z "$VER" ]; then
  echo "PostgreSQL was installed but no version is under /usr/lib/postgresql" >&2
  exit 1
fi
if ! pg_lsclusters -h | awk -v v="$VER" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
  echo "== creating cluster $VER/main =="
  as_root pg_createcluster "$VER" main
fi

STARTED=0
status="$(pg_lsclusters -h | awk -v v="$VER" '$1 == v && $2 == "main" { print $4 }')"
if [ "$status" != "online" ]; then
  echo "== starting cluster $VER/main =="
  as_root pg_ctlcluster "$VER" main start
  STARTED=1
fi
stop_cluster() {
  if [ "$STARTED" = 1 ]; then
    echo "== stopping cluster $VER/main (it was stopped before) =="
    as_root pg_ctlcluster "$VER" main stop || true
  fi
}
trap stop_cluster EXIT

PORT="$(pg_lsclusters -h | awk -v v="$VER" '$1 == v && $2 == "main" { print $3 }')"
for _ in $(seq 1 30); do
  if as_postgres pg_isready -q -p "$PORT"; then break; fi
  sleep 1
done

as_postgres psql -q -p "$PORT" -v ON_ERROR_STOP=1 -d postgres <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'healthbar_test') THEN
    CREATE ROLE healthbar_test LOGIN PASSWORD 'healthbar_test';
  END IF;
END
$$;
SQL
if [ "$(as_postgres psql -p "$PORT" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'healthbar_test'")" != "1" ]; then
  as_postgres createdb -p "$PORT" -O healthbar_test healthbar_test
fi

DATABASE_URL="postgresql://healthbar_test:healthbar_test@127.0.0.1:${PORT}/healthbar_test"
run_suite
