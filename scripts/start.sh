#!/usr/bin/env bash
# The main job: sets everything up, then starts the Tripo simulator on loopback.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/bootstrap.sh
source scripts/env.sh
pnpm turbo run build --filter=@tripokit/testing --output-logs=errors-only >&2
exec node packages/testing/dist/cli.js "$@"
