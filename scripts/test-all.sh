#!/usr/bin/env bash
# Every test Healthbar has, in the order that fails fastest: types, lint, layering, unit and server
# suites (the pure cores also once under a non-UTC time zone: dates are UTC calendar dates),
# the server suite again on a real PostgreSQL, then the end-to-end suite in a real Chromium, then
# the Firefox build through Mozilla's add-on linter and a smoke test in a real Firefox ESR
# (PostgreSQL, Chromium and Firefox ESR are installed from Debian's packages when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s ==\n' "$*"; }

step "typecheck"
npx wxt prepare >/dev/null
npx tsc --noEmit

step "lint + format (biome)"
npx biome ci .

step "layering (dependency-cruiser: .dependency-cruiser.cjs, docs/ARCHITECTURE.md)"
npm run --silent lint:deps

step "unit tests (UTC)"
TZ=UTC npx vitest run

step "unit tests of the pure cores under TZ=Pacific/Kiritimati (UTC+14)"
TZ=Pacific/Kiritimati npx vitest run lib

step "server suite again on a real PostgreSQL (installed from Debian's packages when missing)"
bash scripts/test-server-pg.sh

step "end-to-end (Chromium with the built extension)"
npm run --silent test:e2e

step "Firefox: Mozilla's add-on linter (web-ext lint) and a smoke test in Firefox ESR"
# The e2e step above built .output/firefox-mv3; `npm run test:firefox` builds it on its own.
node scripts/ensure-firefox.mjs >/dev/null
npm run --silent test:firefox:built
