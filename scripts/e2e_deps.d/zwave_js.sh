#!/usr/bin/env bash
# Z-Wave JS end-to-end tests run the real zwave-js driver, its mock controller and
# @zwave-js/server (Node.js). Installs Node.js from Debian when it is missing or too old,
# then the pinned npm packages with `npm ci`, skipped when node_modules matches the lock.
set -euo pipefail
cd "$(dirname "$0")/../../tests/providers/zwave_js/stack"

node_ok() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
    node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)'
}

if ! node_ok; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get -o Acquire::Check-Valid-Until=false update -qq
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  node_ok || { echo "zwave_js e2e: Node.js 18 or newer is required" >&2; exit 1; }
fi

STAMP=node_modules/.housekey-package-lock.json
if [ -f "$STAMP" ] && cmp -s package-lock.json "$STAMP"; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json "$STAMP"
