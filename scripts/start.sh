#!/usr/bin/env bash
# The main job: sets everything up, builds the demo chat app (and the packages it uses), then starts it and
# prints its URL. Offline by default; binds 127.0.0.1 unless told otherwise (--host, --port, env PORT).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/bootstrap.sh
source scripts/env.sh
pnpm turbo run build --filter=@tripokit/demo... --output-logs=errors-only >&2
exec node apps/demo/dist-server/server/main.js "$@"
