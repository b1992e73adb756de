# Source this to put the repo's pinned Node and pnpm first on PATH: `source scripts/env.sh`.
_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
export PATH="$_root/.tools/node_modules/.bin:$PATH"
unset _root
