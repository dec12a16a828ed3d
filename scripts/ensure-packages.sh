#!/usr/bin/env bash
# Installs the Debian packages named on the command line when any of them is missing (needs root or sudo).
# Usage: scripts/ensure-packages.sh postgresql rabbitmq-server ...
# python3 is always ensured (the PySpark driver's tests run lake_driver.py locally); any python3 on PATH counts.
set -euo pipefail
missing=()
command -v python3 >/dev/null 2>&1 || missing+=(python3)
for p in "$@"; do
  [ "$p" = python3 ] && continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
