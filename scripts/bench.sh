#!/usr/bin/env bash
# Timed benchmark: full and incremental runs on the real Olist data and on a x10 re-keyed scale-up, next to a plain
# PostgreSQL COPY of the same rows; prints rows per second and the ratio to COPY. Arguments go to the harness.
# `bash scripts/bench.sh --bus`: the bus transports side by side (in-memory, RabbitMQ, the Pub/Sub fake) on the test
# services' RabbitMQ and PostgreSQL (scripts/start-test-services.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ " $* " == *" --bus "* ]]; then
  eval "$(bash scripts/start-test-services.sh)"
  export ConnectionStrings__Server="${ConnectionStrings__Server:-$LAKE_TEST_POSTGRES}"
fi
if [ -z "${ConnectionStrings__Server:-}" ]; then bash scripts/ensure-packages.sh postgresql; fi
dotnet build benchmarks/EcommerceLake.Benchmarks -c Release -nologo -v quiet >/dev/null
exec dotnet benchmarks/EcommerceLake.Benchmarks/bin/Release/net10.0/EcommerceLake.Benchmarks.dll "$@"
