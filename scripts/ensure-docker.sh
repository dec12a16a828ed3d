#!/usr/bin/env bash
# Makes a Docker engine available to the tests. An engine that already answers (Docker Desktop on a laptop, a
# system service) is used as it is. Otherwise, as root (or through sudo), installs Debian's docker.io, containerd
# and runc when dockerd is missing and starts dockerd in the background:
#   --iptables=false   no NAT to the outside and no firewall rules: containers reach only this machine's bridge
#   --ip=127.0.0.1     published ports listen on loopback only
# Its log goes to $LAKE_DOCKERD_LOG (default /var/log/ecommercelake-dockerd.log). Waits up to 60 s for the socket.
# Prints nothing on stdout; exits non-zero with the reason on stderr when no engine can be had.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

engine_answers() { docker info >/dev/null 2>&1; }
if command -v docker >/dev/null 2>&1 && engine_answers; then exit 0; fi

SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
if ! command -v dockerd >/dev/null 2>&1 || ! command -v /usr/bin/docker >/dev/null 2>&1; then
  start=$(date +%s)
  "$here/ensure-packages.sh" docker.io containerd runc >&2
  echo "Docker engine installed from Debian's packages in $(( $(date +%s) - start )) s" >&2
fi
engine_answers && exit 0

log="${LAKE_DOCKERD_LOG:-/var/log/ecommercelake-dockerd.log}"
echo "Starting dockerd (log: $log)" >&2
$SUDO mkdir -p "$(dirname "$log")"
# setsid: the daemon outlives this script and the test run; a second run finds it answering and reuses it.
$SUDO setsid nohup dockerd --iptables=false --ip=127.0.0.1 >>"$log" 2>&1 </dev/null &
for _ in $(seq 1 120); do engine_answers && exit 0; sleep 0.5; done
echo "dockerd did not answer within 60 s; its log ($log) ends with:" >&2
tail -n 20 "$log" >&2 || true
exit 1
