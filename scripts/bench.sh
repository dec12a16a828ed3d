#!/usr/bin/env bash
# Timed benchmark, one table per invocation: the plain PostgreSQL COPY floor, the full run, the incremental run after
# the demo's change batch, empty runs (nothing changed) and source change -> trusted latency with the detectors on a
# 1 s interval, on the real Olist data and on a x10 re-keyed scale-up; rows, seconds, rows/s, time against COPY's and
# peak RSS. Arguments go to the harness (benchmarks/EcommerceLake.Benchmarks/Program.cs lists them), for example
# `bash scripts/bench.sh --scales 1 --port 55472 --db-prefix mine` (own private cluster port and databases).
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
bash scripts/ensure-packages.sh openssh-server openssh-client
# Published for this machine's runtime, so compiled ahead of time (ReadyToRun, Directory.Build.targets) as the
# service images are; framework-dependent, it runs on the installed .NET.
out=benchmarks/EcommerceLake.Benchmarks/bin/publish
dotnet publish benchmarks/EcommerceLake.Benchmarks -c Release --use-current-runtime --self-contained false \
  -nologo -v quiet -o "$out" >/dev/null
exec dotnet "$out/EcommerceLake.Benchmarks.dll" "$@"
