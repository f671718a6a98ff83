#!/usr/bin/env bash
# Installs Debian's `chromium`, the browser tests/browser/ drive with
# playwright-core (which downloads no browser of its own). Idempotent: does
# nothing when a Chromium is already on the PATH. Needs root (apt-get).
#
#   ./scripts/install-chromium.sh
#
# Without it the browser tests report themselves skipped, with the reason.
set -euo pipefail

for name in chromium chromium-browser; do
  if command -v "$name" >/dev/null 2>&1; then
    echo "Chromium is installed: $(command -v "$name") ($("$name" --version 2>/dev/null || echo "version unknown"))"
    exit 0
  fi
done

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: no apt-get on this machine; install Chromium by hand (or set CHROMIUM_PATH)" >&2
  exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "Chromium is installed: $(command -v chromium) ($(chromium --version 2>/dev/null))"
