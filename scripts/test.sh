#!/usr/bin/env bash
# The README's test command. On a fresh machine it installs (Debian packages) and starts the real services the
# tests use — PostgreSQL, RabbitMQ, OpenSSH — and the npm packages of the conformance judges, builds the solution,
# runs every test project, and ends with one line:
#   N passed, N failed[, N skipped]
# Exit code: 0 when no test failed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

env_lines="$(bash scripts/start-test-services.sh)" || { echo "could not start the test services" >&2; echo "0 passed, 1 failed"; exit 1; }
eval "$env_lines"
# The independent judges (Google's Node clients, ZetaSQL): npm ci of every tests/conformance/*/ folder.
bash scripts/setup-conformance.sh || { echo "could not install the conformance packages" >&2; echo "0 passed, 1 failed"; exit 1; }

results="$root/TestResults"
rm -rf "$results"
if ! dotnet build EcommerceLake.sln -c Release -nologo -v quiet; then
  echo "build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
dotnet test EcommerceLake.sln -c Release --no-build -nologo --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n1)"
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$skipped" -gt 0 ]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
exit "$status"
