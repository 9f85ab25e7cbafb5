#!/usr/bin/env bash
# Installs the real stacks the end-to-end tests run against (each stack adds its step here).
set -euo pipefail
cd "$(dirname "$0")/.."
for step in scripts/e2e_deps.d/*.sh; do
  [ -e "$step" ] || continue
  bash "$step"
done
