#!/usr/bin/env bash
# Installs the npm packages of each conformance suite (tests/conformance/*/package-lock.json) with `npm ci`: Google's
# own client libraries, which judge the project's fakes. Runs `npm ci` only when a lock file changed since the last
# install (a checksum stamp in node_modules), so calling it again is cheap. Needs node and npm (Debian's nodejs and npm
# packages are installed when they are missing). Prints nothing on stdout.
# Usage: bash scripts/install-conformance-clients.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
command -v npm >/dev/null 2>&1 || "$here/ensure-packages.sh" nodejs npm >&2
for lock in "$root"/tests/conformance/*/package-lock.json; do
  [ -f "$lock" ] || continue
  dir="$(dirname "$lock")"
  stamp="$dir/node_modules/.lake-lock.sha256"
  sum="$(sha256sum "$lock" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then continue; fi
  echo "npm ci in ${dir#"$root"/}" >&2
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >&2
  echo "$sum" > "$stamp"
done
