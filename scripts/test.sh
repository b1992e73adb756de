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
rm -f test-artifacts/results*.json
reports=(test-artifacts/results.json)
set +e
pnpm vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/results.json "$@"
status=$?
# The packages promise Node >= 22: the same suites again on the newest Node 22 (bootstrap installs it).
# TRIPOKIT_SKIP_NODE22=1 skips this pass for a quicker local run.
if [ "${TRIPOKIT_SKIP_NODE22:-}" != 1 ]; then
  echo "== the same tests on Node $(.tools/node22/node_modules/.bin/node -v) ==" >&2
  # The rule for this pass: a test runs again here only if its subject is our code running on Node (client,
  # MCP server over stdio/HTTP, downloads, files, adapters, batch workers). Tests whose subject does not
  # depend on the Node version run once, in the first pass:
  # - TRIPOKIT_SKIP_CONSUMER=1 leaves out the consumer test (it checks Node 22 itself where that matters);
  # - `--tags-filter '!node-agnostic'` leaves out the tests tagged `node-agnostic` (the summary counts them as
  #   skipped, never passed): the Chromium pages of the demo and the MCP viewer (their servers' Node code is
  #   tested here by chat-route, main, viewer-app and the MCP tests), the batch 1,000-prompt throughput test
  #   (its rate cap and atomic job steps are Redis scripts; the worker processes, kills and Redis restart stay
  #   here in scale.test.ts) and the bench-smoke tests (the bench runner is tooling run on the pinned Node 24).
  # A new test of that kind takes `{ tags: ['node-agnostic'] }`, or its file `// @module-tag node-agnostic`.
  TRIPOKIT_SKIP_CONSUMER=1 PATH="$ROOT/.tools/node22/node_modules/.bin:$PATH" \
    node node_modules/vitest/vitest.mjs run --tags-filter '!node-agnostic' \
    --reporter=default --reporter=json --outputFile.json=test-artifacts/results-node22.json "$@"
  status22=$?
  reports+=(test-artifacts/results-node22.json)
  [ "$status" -ne 0 ] || status=$status22
fi
set -e
node scripts/summary.mjs "${reports[@]}"
exit $status
