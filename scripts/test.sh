#!/usr/bin/env bash
# The README's test command. On a fresh machine it installs what the tests need from Debian's packages — a Docker
# engine (scripts/ensure-docker.sh), OpenSSH (the demo's private sshd, ssh-keygen) — builds the container images
# the Testcontainers fixtures and the compose stack run from Debian's packages (scripts/build-images.sh, cached by
# their inputs), builds the solution, runs every test project, removes the containers the run left, and ends with
# one line:
#   N passed, N failed[, N skipped]
# Exit code: 0 when no test failed.
# LAKE_TEST_IMAGES=public skips the local images: the fixtures then pull the public ones (a laptop with Docker Hub).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

fail() { echo "$1" >&2; echo "0 passed, 1 failed"; exit 1; }
step() { local what="$1" start=$SECONDS; shift; "$@" || return 1; echo "$what: $((SECONDS - start)) s" >&2; }

step "packages" bash scripts/ensure-packages.sh openssh-server openssh-client docker-compose chromium \
  || fail "could not install the Debian packages"
step "docker engine" bash scripts/ensure-docker.sh \
  || fail "no Docker engine: the tests run their services in containers"
# Testcontainers 4.16 speaks Docker API 1.44 unless told otherwise; Debian's engine (20.10) answers 1.41 at most.
api="$(docker version --format '{{.Server.APIVersion}}' 2>/dev/null || true)"
if [ -n "$api" ] && [ "$(printf '%s\n1.44\n' "$api" | sort -V | head -n1)" != 1.44 ]; then
  export DOCKER_API_VERSION="$api"
fi
# Ryuk, Testcontainers' reaper, is an image that cannot be pulled here; the fixtures remove their containers and
# this script removes what a killed test process left (by the run label).
export TESTCONTAINERS_RYUK_DISABLED=true
export LAKE_TEST_RUN_ID="test-$(date +%s)-$$"
# Removes the containers, networks and volumes of test runs — the containers labelled with a run id
# (ServiceContainers) and the compose projects named lake-<run id>-… (ComposeStack): with an argument, that run's;
# without, those of earlier runs whose test.sh is gone (a killed test.sh never runs its EXIT trap).
remove_runs() {
  local only="${1:-}" id run project pid stale_ids="" stale_projects=""
  while IFS='|' read -r id run project; do
    [ -n "$run" ] || run="$(printf '%s' "$project" | sed -n 's/^lake-\(test-[0-9]*-[0-9]*\)-.*/\1/p')"
    case "$run" in test-*-*) ;; *) continue ;; esac
    pid="${run##*-}"
    if [ -n "$only" ]; then [ "$run" = "$only" ] || continue
    elif [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'test\.sh'; then continue; fi
    stale_ids="$stale_ids $id"
    case "$project" in lake-test-*) stale_projects="$stale_projects $project" ;; esac
  done < <(docker ps -a --format \
    '{{.ID}}|{{.Label "org.ecommercelake.test-run"}}|{{.Label "com.docker.compose.project"}}' 2>/dev/null)
  [ -z "$stale_ids" ] || [ -n "$only" ] || echo "removing containers of killed test runs:$stale_ids" >&2
  [ -z "$stale_ids" ] || docker rm -f -v $stale_ids >/dev/null 2>&1 || true
  for project in $(printf '%s\n' $stale_projects | sort -u); do
    for kind in network volume; do
      docker $kind ls -q --filter "label=com.docker.compose.project=$project" \
        | xargs -r docker $kind rm >/dev/null 2>&1
    done
  done
  return 0
}
remove_runs
trap 'remove_runs "$LAKE_TEST_RUN_ID"' EXIT
if [ "${LAKE_TEST_IMAGES:-local}" != public ]; then
  image_lines="$(bash scripts/build-images.sh --services)" || fail "could not build the container images"
  eval "$image_lines"
fi
# The independent judges (Google's Node clients, ZetaSQL): npm ci of every tests/conformance/*/ folder.
step "conformance packages" bash scripts/setup-conformance.sh || fail "could not install the conformance packages"

results="$root/TestResults"
rm -rf "$results"
build_start=$SECONDS
if ! dotnet build EcommerceLake.sln -c Release -nologo -v quiet; then
  echo "build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
echo "build: $((SECONDS - build_start)) s" >&2
test_start=$SECONDS
# A test that hangs is stopped after 20 minutes (the longest takes about a minute) and its assembly reported as failed,
# naming the test in its Sequence_*.xml, instead of holding the whole run until CI's deadline.
dotnet test EcommerceLake.sln -c Release --no-build -nologo --logger "trx" --logger "console;verbosity=normal" \
  --blame-hang-timeout 20m --blame-hang-dump-type none --results-directory "$results" "$@"
status=$?
echo "tests: $((SECONDS - test_start)) s" >&2

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n1)"
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed)
  e=$(get error); t=$(get timeout); a=$(get aborted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
# The names of the tests that failed, last before the count, so that the tail of a CI log says what to look at.
if [ "$failed" -gt 0 ]; then python3 scripts/lib/failed-tests.py "$results" >&2 || true; fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit "$status"
