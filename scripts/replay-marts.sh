#!/usr/bin/env bash
# Replays the order chain's incremental marts build statement by statement on a copy of the warehouse the last
# `bash scripts/bench.sh` (or `--scales 10`) left (database bench_x10_warehouse on its private cluster, 127.0.0.1:55442,
# which the harness leaves running) and prints each statement's median time; benchmarks/marts-replay/replay.py says how
# the state before the change batch is rebuilt. Compare marts SQL side by side by naming several directories, e.g.
#   git worktree add /tmp/base HEAD~1
#   bash scripts/replay-marts.sh --rounds 5 --marts /tmp/base/services/warehouse/EcommerceLake.Warehouse/Marts \
#     --marts services/warehouse/EcommerceLake.Warehouse/Marts
# `--full` replays the order chain's full build instead, on --db itself and rolled back, with the indexes kept and set
# aside as a full build sets them aside (Postgres/MartsIndexSql.cs), interleaved.
# `--explain 'run: order_lines'` (repeatable) prints the plans (EXPLAIN ANALYZE, BUFFERS) of the statements whose label
# starts so, once per round, instead of the timings.
# Other arguments: --db NAME, --port N, --host H, --user U, --hold-back-from YYYY-MM-DD (the demo's HoldBackFrom).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/ensure-packages.sh postgresql
exec python3 benchmarks/marts-replay/replay.py "$@"
