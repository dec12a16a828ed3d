#!/usr/bin/env bash
# Installs the npm packages of the independent judges: every tests/conformance/*/ folder with a package-lock.json gets
# `npm ci` (exact versions from its lock file, from the npm registry). Idempotent: a folder whose node_modules was
# installed from its current lock file is left as it is. Needs node and npm (installed from Debian's packages when
# missing). Called by scripts/test.sh and by the build of tests/EcommerceLake.Testing (which compiles ZetaSQL's protos).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if ! command -v npm >/dev/null 2>&1; then "$root/scripts/ensure-packages.sh" nodejs npm >&2; fi
for dir in "$root"/tests/conformance/*/; do
  [ -f "$dir/package-lock.json" ] || continue
  stamp="$dir/node_modules/.installed-lock"
  if [ -f "$stamp" ] && cmp -s "$stamp" "$dir/package-lock.json"; then continue; fi
  echo "npm ci in ${dir#"$root"/}" >&2
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
  cp "$dir/package-lock.json" "$stamp"
done
