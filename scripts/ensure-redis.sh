#!/usr/bin/env bash
# The batch engine's tests start their own redis-server (Debian's package; never a downloaded server build).
set -euo pipefail
if command -v redis-server >/dev/null; then exit 0; fi
if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
  echo "ensure-redis: redis-server is missing and this user cannot apt-get install it; Redis tests will be skipped" >&2
  exit 0
fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
echo "ensure-redis: installing Debian's redis-server (about 15 s)" >&2
export DEBIAN_FRONTEND=noninteractive
# Other checkouts on this machine may run apt at the same moment: wait for the lock instead of failing.
$SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq >&2
$SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends redis-server >&2
# The package's own service (port 6379) is not used: tests start their own server on a free port.
