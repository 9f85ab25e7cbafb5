#!/usr/bin/env bash
# The panel's build tools (lit, typescript, esbuild; pinned in frontend/package-lock.json),
# installed with `npm ci`, skipped when node_modules matches the lock. Node.js and npm come
# with the chroot (scripts/py314.sh).
set -euo pipefail
cd "$(dirname "$0")/../../frontend"

STAMP=node_modules/.housekey-package-lock.json
if [ -f "$STAMP" ] && cmp -s package-lock.json "$STAMP"; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json "$STAMP"
