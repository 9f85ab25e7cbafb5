#!/usr/bin/env bash
# The panel's browser tests drive Debian's headless Chromium through playwright-core (Node.js).
# Installs chromium and a font when /usr/bin/chromium is missing, then the pinned npm package
# with `npm ci`, skipped when node_modules matches the lock. playwright-core downloads no browser.
set -euo pipefail
cd "$(dirname "$0")/../../tests/browser"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get -o Acquire::Check-Valid-Until=false update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

STAMP=node_modules/.housekey-package-lock.json
if [ -f "$STAMP" ] && cmp -s package-lock.json "$STAMP"; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json "$STAMP"
