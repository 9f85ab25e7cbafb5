#!/usr/bin/env bash
# Matter end-to-end tests run a matter.js door lock (Node.js, the pinned npm packages in
# tests/providers/matter/stack) and a real python-matter-server that commissions it. The server
# gets a venv of its own (requirements/matter-server.txt): its CHIP SDK cluster package and the
# matter-python-client of Home Assistant's matter integration both install `chip/`.
# Idempotent; each step is skipped when what it installs is already there.
set -euo pipefail
cd "$(dirname "$0")/../.."
STACK=tests/providers/matter/stack
REQUIREMENTS=requirements/matter-server.txt
VENV="$STACK/server-venv"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get -o Acquire::Check-Valid-Until=false update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The CHIP SDK's native library links GLib (libnl is in the base chroot already).
if ! ldconfig -p | grep -q 'libgio-2.0.so.0'; then
  apt_install libglib2.0-0t64
fi
if ! command -v node >/dev/null 2>&1 ||
  ! node -e 'const [a, b] = process.versions.node.split(".").map(Number);
             process.exit(a > 22 || (a === 22 && b >= 13) ? 0 : 1)'; then
  apt_install nodejs npm
fi
# The SDK keeps its factory settings in /data; every test server bind-mounts its own dir there.
$SUDO mkdir -p /data

STAMP="$STACK/node_modules/.housekey-package-lock.json"
if ! { [ -f "$STAMP" ] && cmp -s "$STACK/package-lock.json" "$STAMP"; }; then
  (cd "$STACK" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$STACK/package-lock.json" "$STAMP"
fi

if ! { [ -f "$VENV/.housekey-requirements" ] && cmp -s "$REQUIREMENTS" "$VENV/.housekey-requirements"; }; then
  rm -rf "$VENV"
  if [ -x /opt/uv/bin/uv ]; then
    /opt/uv/bin/uv venv -q --python /usr/bin/python3.14 "$VENV"
    /opt/uv/bin/uv pip install -q --python "$VENV/bin/python" -r "$REQUIREMENTS"
  else
    python3.14 -m venv "$VENV"
    "$VENV/bin/pip" install -q -r "$REQUIREMENTS"
  fi
  cp "$REQUIREMENTS" "$VENV/.housekey-requirements"
fi
