#!/usr/bin/env bash
# Zigbee2MQTT end-to-end tests need a real MQTT broker: Debian's mosquitto.
# Idempotent and fast when it is already there; apt-get update only when missing.
set -euo pipefail
if command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o Acquire::Check-Valid-Until=false update -qq
$SUDO apt-get install -y -qq --no-install-recommends mosquitto >/dev/null
# The tests start their own broker on a free loopback port; the packaged
# service is not needed (and is not started in containers without systemd).
