#!/usr/bin/env bash
# Every test Healthbar has, in the order that fails fastest: types, lint, unit (also once
# under a non-UTC time zone: dates are UTC calendar dates), then the end-to-end suite in a
# real Chromium (installed from Debian's packages when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s ==\n' "$*"; }

step "typecheck"
npx wxt prepare >/dev/null
npx tsc --noEmit

step "lint + format (biome)"
npx biome ci .

step "unit tests (UTC)"
TZ=UTC npx vitest run

step "unit tests of the pure cores under TZ=Pacific/Kiritimati (UTC+14)"
TZ=Pacific/Kiritimati npx vitest run lib

step "end-to-end (Chromium with the built extension)"
npm run --silent test:e2e
