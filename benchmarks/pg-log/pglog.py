"""Reads a PostgreSQL server log written with every statement's duration and prints, for a window of time, where the
server's time went: the statements in start order (timeline), the statements summed by text (top), or the saga's
hold of a run's row (saga): from the orchestrator's SELECT ... FOR UPDATE on orchestrator.pipeline_runs to the
transaction's COMMIT, with the time spent in statements meanwhile.

The log must come from a server configured as the session 20 experiments did (benchmarks/results/
session20-experiments.txt), for example on the harness's private cluster:
    ALTER SYSTEM SET log_min_duration_statement = 0;
    ALTER SYSTEM SET log_line_prefix = '%m [%p] %d %a %x ';
    ALTER SYSTEM SET log_lock_waits = on;          -- optional: lock waits of at least deadlock_timeout
    SELECT pg_reload_conf();
then `bash scripts/bench.sh --scales 10 --no-latency --empty-runs 1`, and (ALTER SYSTEM RESET ALL) afterwards. A
statement's start is its log time less its duration. Usage:
    python3 benchmarks/pg-log/pglog.py .lake/bench/pg/postgres.log 07:46:34.7 07:46:39.1 timeline [--min-ms 15]
    python3 benchmarks/pg-log/pglog.py LOG FROM TO top
    python3 benchmarks/pg-log/pglog.py LOG FROM TO saga
FROM and TO are times of day (UTC, as the log writes them) on the log's first day.
"""
import argparse
import datetime as dt
import re
from collections import defaultdict

HEAD = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) UTC \[(\d+)\] (\S+) (\S+) (\d+) (\w+):  (.*)$")
DURATION = re.compile(r"duration: ([\d.]+) ms\s+(parse|bind|execute|statement)[^:]*: (.*)", re.S)


def entries(path):
    """The log's entries (a head line and its continuation lines) as dicts: ts, pid, db, msg."""
    current = None
    with open(path, errors="replace") as log:
        for line in log:
            head = HEAD.match(line.rstrip("\n"))
            if head:
                if current:
                    yield current
                current = dict(ts=dt.datetime.strptime(head.group(1), "%Y-%m-%d %H:%M:%S.%f"), pid=head.group(2),
                               db=head.group(3), msg=head.group(7))
            elif current:
                current["msg"] += "\n" + line.rstrip("\n")
    if current:
        yield current


def statements(path, start, end):
    """The statements that ended in [start, end] (times of day on the log's first day), with their start."""
    found, day = [], None
    for entry in entries(path):
        if day is None:
            day = entry["ts"].date()
            lo, hi = dt.datetime.combine(day, start), dt.datetime.combine(day, end)
        if not lo <= entry["ts"] <= hi:
            continue
        match = DURATION.match(entry["msg"])
        if match:
            ms = float(match.group(1))
            found.append(dict(end=entry["ts"], start=entry["ts"] - dt.timedelta(milliseconds=ms), ms=ms,
                              kind=match.group(2), text=" ".join(match.group(3).split()), pid=entry["pid"],
                              db=entry["db"]))
    return found, (dt.datetime.combine(day, start) if day else None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("log")
    parser.add_argument("start", type=dt.time.fromisoformat)
    parser.add_argument("end", type=dt.time.fromisoformat)
    parser.add_argument("mode", choices=["timeline", "top", "saga"])
    parser.add_argument("--min-ms", type=float, default=15, help="timeline: shortest statement shown")
    args = parser.parse_args()
    found, origin = statements(args.log, args.start, args.end)
    executed = [s for s in found if s["kind"] in ("execute", "statement")]
    if args.mode == "timeline":
        print("  start s       ms  pid      database      statement")
        for s in sorted(executed, key=lambda s: s["start"]):
            if s["ms"] >= args.min_ms:
                print(f"{(s['start'] - origin).total_seconds():9.3f} {s['ms']:8.1f}  {s['pid']:8} {s['db'][:13]:13} "
                      f"{s['text'][:110]}")
    elif args.mode == "top":
        sums = defaultdict(lambda: [0, 0.0])
        for s in executed:
            key = f"{s['db'][:20]:20} {s['text'][:100]}"
            sums[key][0] += 1
            sums[key][1] += s["ms"]
        print("   total ms  count  database             statement")
        for key, (count, ms) in sorted(sums.items(), key=lambda kv: -kv[1][1])[:40]:
            print(f"{ms:11.1f} {count:6d}  {key}")
    else:
        by_pid = defaultdict(list)
        for s in found:
            by_pid[s["pid"]].append(s)
        holds = []
        for pid, ss in by_pid.items():
            locked = None
            for s in ss:
                if s["kind"] == "execute" and "FOR UPDATE" in s["text"] and "pipeline_runs" in s["text"]:
                    locked = s
                elif locked and s["text"].startswith(("COMMIT", "ROLLBACK")):
                    busy = sum(x["ms"] for x in ss if locked["end"] < x["start"] <= s["end"])
                    holds.append((locked["end"], (s["end"] - locked["end"]).total_seconds() * 1000, busy, pid))
                    locked = None
        print("  locked at s   held ms   in statements ms  pid")
        for at, held, busy, pid in sorted(holds):
            print(f"{(at - origin).total_seconds():13.3f} {held:9.1f} {busy:18.1f}  {pid}")
        print(f"{len(holds)} saga transactions, {sum(h[1] for h in holds):.0f} ms held in all, longest "
              f"{max((h[1] for h in holds), default=0):.0f} ms")


if __name__ == "__main__":
    main()
