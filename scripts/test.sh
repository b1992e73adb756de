#!/usr/bin/env bash
# Runs every check and test: build, typecheck, lint, then all test suites in one vitest run.
# Installs what it needs first (pinned Node/pnpm, dependencies, Debian chromium for browser tests,
# Debian redis-server for the batch engine's tests, which start and stop their own servers).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/bootstrap.sh
bash scripts/ensure-chromium.sh
bash scripts/ensure-redis.sh
source scripts/env.sh

pnpm turbo run build typecheck --output-logs=errors-only
pnpm biome check .

mkdir -p test-artifacts
set +e
pnpm vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/results.json "$@"
status=$?
set -e
node scripts/summary.mjs test-artifacts/results.json
exit $status
