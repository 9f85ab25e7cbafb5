#!/usr/bin/env bash
# Python 3.14 test environment: a Debian forky chroot (built once, cached outside the repo) and,
# per Home Assistant release, a uv venv inside it keyed by a hash of requirements/ha-<rel>.txt.
#
#   scripts/py314.sh chroot                 build the chroot if it is missing
#   scripts/py314.sh venv REL               build the venv for release REL (e.g. 2026.11)
#   scripts/py314.sh run REL [--offline] -- CMD...
#                                           run CMD in the repo inside the chroot with REL's venv
#                                           first on PATH; --offline: in a network namespace that
#                                           has only loopback, so no packet can leave the machine
#   scripts/py314.sh prune                  remove venvs not used for a week
#
# Mounts (the repo, /proc, /dev, /sys) are made in a private mount namespace per call, so they
# vanish with the command: nothing to clean up, and concurrent calls do not interfere.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${HOUSEKEY_CACHE:-/var/cache/housekey}"
SUITE="${HOUSEKEY_SUITE:-forky}"
ROOT="$CACHE/chroot-$SUITE"
# Bump when the package list changes: the chroot is rebuilt.
CHROOT_VERSION=1
# debootstrap's own resolver cannot order npm's many dependencies: it lays a minimal base and
# apt inside the chroot installs the rest.
PACKAGES="python3.14 python3.14-venv python3.14-dev gcc mosquitto nodejs npm libnl-3-200 \
libnl-route-3-200 iproute2 ca-certificates curl"
UV_VERSION="0.13.9"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

log() { echo "py314: $*" >&2; }

# The Debian mirror this machine's apt already uses (so the chroot comes from the same registry).
mirror() {
  local url
  url="$(grep -rhoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list \
    /etc/apt/sources.list.d/ 2>/dev/null | head -n1 | awk '{print $2}')" || true
  echo "${url:-http://deb.debian.org/debian}"
}

ensure_chroot() {
  local stamp="$ROOT/.housekey-chroot-$CHROOT_VERSION" tmp="$ROOT.tmp"
  [ -f "$stamp" ] && return 0
  command -v debootstrap >/dev/null || {
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq debootstrap >/dev/null
  }
  log "building the $SUITE chroot in $ROOT (once; a failed build resumes at its last step)"
  $SUDO mkdir -p "$CACHE"
  local logf="$CACHE/chroot-build.log"
  if [ ! -f "$tmp/.housekey-base" ]; then
    $SUDO rm -rf "$tmp"
    # debootstrap knows forky through the generic unstable script (forky is testing).
    $SUDO debootstrap --variant=minbase "$SUITE" "$tmp" "$(mirror)" \
      /usr/share/debootstrap/scripts/sid >"$logf" 2>&1 || { tail -n 30 "$logf" >&2; exit 1; }
    $SUDO mkdir -p "$tmp/src" "$tmp/opt/venvs" "$tmp/etc/housekey"
    $SUDO touch "$tmp/.housekey-base"
  fi
  if [ ! -f "$tmp/.housekey-packages" ]; then
    # The registry may serve a snapshot whose Release file is past its Valid-Until date.
    ROOT="$tmp" in_chroot "export DEBIAN_FRONTEND=noninteractive
      apt-get -o Acquire::Check-Valid-Until=false update -qq
      apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
      apt-get clean" >>"$logf" 2>&1 || { tail -n 30 "$logf" >&2; exit 1; }
    $SUDO touch "$tmp/.housekey-packages"
  fi
  ROOT="$tmp" in_chroot "/usr/bin/python3.14 -m venv /opt/uv &&
    /opt/uv/bin/pip install -q 'uv==$UV_VERSION'" >>"$logf" 2>&1 ||
    { tail -n 30 "$logf" >&2; exit 1; }
  $SUDO rm -rf "$ROOT" && $SUDO mv "$tmp" "$ROOT"
  $SUDO touch "$stamp"
}

# in_chroot [--offline] CMD...: CMD (a shell string) in the chroot, repo mounted at /src.
in_chroot() {
  local net=()
  if [ "${1:-}" = "--offline" ]; then
    net=(--net)
    shift
  fi
  $SUDO unshare --mount --propagation private "${net[@]}" -- /bin/bash -euc '
    root="$1"; repo="$2"; shift 2
    mount --bind "$repo" "$root/src"
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount --rbind /sys "$root/sys"
    mount -t tmpfs tmpfs "$root/tmp"
    [ -e /etc/resolv.conf ] && cp -L /etc/resolv.conf "$root/etc/resolv.conf" || true
    # The host'"'"'s CA bundle: registries may be reached through a TLS-inspecting proxy
    # whose certificate only the host trusts.
    mkdir -p "$root/etc/housekey"
    # Replaced atomically and only when it changed: concurrent calls share the file.
    ca="${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}"
    if ! cmp -s "$ca" "$root/etc/housekey/ca.crt"; then
      cp -L "$ca" "$root/etc/housekey/ca.crt.$$"
      mv -f "$root/etc/housekey/ca.crt.$$" "$root/etc/housekey/ca.crt"
    fi
    ip link set lo up 2>/dev/null || true
    exec chroot "$root" /usr/bin/env -i HOME=/root TERM="${TERM:-dumb}" \
      PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      CI="${CI:-}" HOUSEKEY_PORT="${HOUSEKEY_PORT:-8123}" LANG=C.UTF-8 SSL_CERT_FILE=/etc/housekey/ca.crt \
      PIP_CERT=/etc/housekey/ca.crt REQUESTS_CA_BUNDLE=/etc/housekey/ca.crt \
      NODE_EXTRA_CA_CERTS=/etc/housekey/ca.crt npm_config_cafile=/etc/housekey/ca.crt \
      UV_NATIVE_TLS=1 PIP_DISABLE_PIP_VERSION_CHECK=1 /bin/bash -euc "cd /src && $1"
  ' in_chroot "$ROOT" "$REPO" "$@"
}

requirements() { echo "$REPO/requirements/ha-$1.txt"; }

# The venv's path inside the chroot: changes whenever the requirements file changes.
venv_path() {
  local hash
  hash="$(cat "$(requirements "$1")" "$REPO/requirements/dev.txt" | sha256sum | cut -c1-12)"
  echo "/opt/venvs/ha-$1-$hash"
}

ensure_venv() {
  local rel="$1" venv
  [ -f "$(requirements "$rel")" ] || { log "no requirements/ha-$rel.txt"; exit 1; }
  ensure_chroot
  venv="$(venv_path "$rel")"
  [ -f "$ROOT$venv/.housekey-ready" ] && return 0
  log "building venv $venv"
  in_chroot "rm -rf $venv && /opt/uv/bin/uv venv -q --python /usr/bin/python3.14 $venv &&
    /opt/uv/bin/uv pip install -q --python $venv/bin/python -r requirements/ha-$rel.txt \
      -r requirements/dev.txt && touch $venv/.housekey-ready"
  # Venvs of other requirements hashes stay: other checkouts (branches) may share the cache.
  # `scripts/py314.sh prune` removes those not used for a week.
}

cmd="${1:-}"
shift || true
case "$cmd" in
  chroot) ensure_chroot ;;
  venv) ensure_venv "$1" ;;
  path) venv_path "$1" ;;
  prune) find "$ROOT/opt/venvs" -mindepth 1 -maxdepth 1 -type d -atime +7 -exec $SUDO rm -rf {} + ;;
  run)
    rel="$1"
    shift
    offline=()
    if [ "${1:-}" = "--offline" ]; then
      offline=(--offline)
      shift
    fi
    [ "${1:-}" = "--" ] && shift
    ensure_venv "$rel"
    venv="$(venv_path "$rel")"
    in_chroot "${offline[@]}" "export PATH=$venv/bin:\$PATH VIRTUAL_ENV=$venv HOUSEKEY_HA=$rel; $*"
    ;;
  *)
    sed -n '2,13p' "$0" >&2
    exit 2
    ;;
esac
