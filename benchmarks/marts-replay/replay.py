"""Replays the order chain's incremental marts build (Marts/incremental.sql) statement by statement on a copy of a
benchmark warehouse, and prints each statement's time (median over the rounds) for one or more Marts directories.

Used by scripts/replay-marts.sh, which documents the arguments. The warehouse must be one a benchmark left
(`bash scripts/bench.sh`, or with `--scales 10`): a full run, then the incremental run after the demo's
change batch (and the latency trials, whose builds are passed over). The copy
(`<db>_replay`) is put back to the state before that change batch's orders: the lines of the orders the incremental
run inserted (trusted rows carrying its run id, purchased from --hold-back-from on) leave marts.order_lines, and the
order chain's marts, marts.order_baskets and marts.basket_lines are rebuilt from what is left with the first
directory's full-build SQL.
The change tables are then filled with the keys that run changed (orders, order items, customers and category
translations carrying its run id) and every round runs the incremental script in one transaction that is rolled back,
so each round and each directory starts from the same state. Deleted keys are not recovered (the change batch deletes
100 order items), so the replay maintains slightly fewer orders than the run did.
"""
import argparse
import statistics
import subprocess
import sys
from pathlib import Path

SCOPES = {
    "/*ORDERS*/": "AND i.order_id IN (SELECT order_id FROM lake_orders)",
    "/*PRODUCTS*/": "AND a.product_id IN (SELECT product_id FROM lake_pair_products)",
    "/*CUSTOMERS*/": "AND customer_unique_id IN (SELECT customer_unique_id FROM lake_customers)",
}
ORDER_MARTS = ["daily_sales_by_state_category", "monthly_sales_fx_inflation", "bought_together",
               "customer_recommendations"]
RUN = "-- run: "


def split(script: str) -> list[str]:
    """The steps of a script as MartsSql.Split makes them: SQL statements and `-- run: name` lines."""
    steps, current = [], []

    def flush():
        text = "\n".join(current).strip()
        if any(l.strip() and not l.strip().startswith("--") for l in text.split("\n")):
            steps.append(text)
        current.clear()

    for line in script.replace("\r\n", "\n").split("\n"):
        if line.startswith(RUN):
            flush()
            steps.append(line.strip())
        elif line.rstrip().endswith(";"):
            current.append(line.rstrip()[:-1])
            flush()
        else:
            current.append(line)
    flush()
    return steps


REPO_MARTS = Path(__file__).resolve().parents[2] / "services/warehouse/EcommerceLake.Warehouse/Marts"


def sql(marts: Path, name: str, incremental: bool) -> str:
    """Marts/{name}.sql as MartsSql.Scoped makes it: each scope marker replaced by its condition or by nothing."""
    text = (marts / f"{name}.sql").read_text()
    for marker, scope in SCOPES.items():
        text = text.replace(marker, scope if incremental else "")
    return text.rstrip().rstrip(";") + ";\n"


def psql(args, database: str, script: str) -> str:
    run = subprocess.run(["psql", "-h", args.host, "-p", str(args.port), "-U", args.user, "-d", database, "-X", "-q",
                          "-v", "ON_ERROR_STOP=1"], input=script, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"psql failed on {database}: {run.stderr.strip()}")
    return run.stdout


def prepare(args, copy: str, marts: Path):
    psql(args, "postgres", f'DROP DATABASE IF EXISTS "{copy}";\nCREATE DATABASE "{copy}" TEMPLATE "{args.db}";\n')
    rebuild = "".join(sql(marts, m, incremental=False) for m in ORDER_MARTS)
    # marts.order_baskets (Migrations/0008_order_baskets.sql) is counted whatever the directory, with this checkout's
    # SQL: a directory whose scripts do not read it replays as before, one whose scripts do finds it counted.
    # marts.basket_lines (Migrations/0012_basket_lines.sql) likewise.
    baskets = sql(REPO_MARTS, "order_baskets", incremental=False) + sql(REPO_MARTS, "basket_lines", incremental=False)
    psql(args, copy, f"""
SET work_mem = '64MB';
-- The incremental run after the change batch: of the runs whose order chain was built incrementally, the one that
-- inserted the most orders (the latency trials that follow it insert one at most).
CREATE TABLE public.replay_run AS
SELECT b.run_id
FROM marts.builds AS b
JOIN land.batches AS l ON l.run_id = b.run_id AND l.table_name = 'marketplace_orders'
WHERE b.mode = 'incremental' AND b.chain IS DISTINCT FROM 'reviews'
ORDER BY l.inserted DESC, b.built_at DESC LIMIT 1;
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM public.replay_run) THEN
    RAISE EXCEPTION 'no incremental build in marts.builds: run bash scripts/bench.sh first'; END IF; END $$;
DELETE FROM marts.order_lines WHERE order_id IN (
    SELECT order_id FROM trusted.marketplace_orders
    WHERE _run_id = (SELECT run_id FROM public.replay_run) AND order_purchase_timestamp >= '{args.hold_back_from}');
TRUNCATE marts.order_baskets, marts.basket_lines, {", ".join("marts." + m for m in ORDER_MARTS)};
{baskets}{rebuild}
VACUUM ANALYZE;
""")


def seed() -> str:
    keys = {"orders": "order_id", "order_items": "order_id, order_item_id", "customers": "customer_id"}
    # Emptied by TRUNCATE first, as a build leaves them: their statistics are forgotten (pg_class.reltuples -1), so each
    # round plans the script on what a build has, not on statistics an ANALYZE of an earlier round wrote in place
    # (ANALYZE updates pg_class outside the transaction, so the rollback keeps them).
    lines = ["TRUNCATE land.changes_marketplace_orders, land.changes_marketplace_order_items, "
             "land.changes_marketplace_customers, land.changes_marketplace_products, "
             "land.changes_files_category_translation;"]
    lines += [f"INSERT INTO land.changes_marketplace_{t} SELECT {k} FROM trusted.marketplace_{t} "
             f"WHERE _run_id = (SELECT run_id FROM public.replay_run);" for t, k in keys.items()]
    lines.append("INSERT INTO land.changes_files_category_translation SELECT product_category_name "
                 "FROM trusted.files_category_translation WHERE _run_id = (SELECT run_id FROM public.replay_run);")
    return "\n".join(lines)


def replay_script(marts: Path, explain: list[str] | None = None) -> tuple[str, list[str]]:
    """The incremental script as one psql script, each statement timed; a statement whose label starts with one of
    `explain` runs under EXPLAIN (ANALYZE, BUFFERS) instead, its plan printed after a line `==== label`."""
    out = ["\\timing on", "BEGIN;", "SET LOCAL work_mem = '64MB';", "SET LOCAL jit = off;", "\\o /dev/null", seed(),
           "\\o", "\\echo BEGIN-STEPS"]
    labels = []
    for step in split((marts / "incremental.sql").read_text()):
        if step.startswith(RUN):
            name = step[len(RUN):].strip()
            statement, label = sql(marts, name, incremental=True), f"run: {name}"
        else:
            statement = step + ";"
            label = next(l for l in step.split("\n") if l.strip() and not l.strip().startswith("--"))[:80]
        labels.append(label)
        if explain and any(label.startswith(e) for e in explain):
            out += [f"\\echo ==== {label}", "EXPLAIN (ANALYZE, BUFFERS) " + statement]
        else:
            out += ["\\o /dev/null", statement, "\\o"]
    out += ["\\timing off", "\\pset format unaligned", "\\pset tuples_only on",
            "SELECT 'CHECK', (SELECT baskets FROM marts.order_baskets), "
            "(SELECT count(DISTINCT order_id) FROM marts.order_lines WHERE product_id IS NOT NULL);", "ROLLBACK;"]
    return "\n".join(out), labels


ORDER_FULL = ["order_lines", "order_baskets", "basket_lines"] + ORDER_MARTS  # MartsChain.Orders, in build order
# Postgres/MartsIndexSql.cs: the indexes of the marts tables a full build fills, with how to drop and restore each.
LIST_INDEXES = """
SELECT CASE WHEN c.conname IS NULL THEN format('DROP INDEX marts.%I', x.relname)
            ELSE format('ALTER TABLE marts.%I DROP CONSTRAINT %I', t.relname, c.conname) END,
       CASE WHEN c.conname IS NULL THEN pg_get_indexdef(i.indexrelid)
            ELSE format('ALTER TABLE marts.%I ADD CONSTRAINT %I %s', t.relname, c.conname,
                        pg_get_constraintdef(c.oid)) END
FROM pg_index AS i
JOIN pg_class AS t ON t.oid = i.indrelid
JOIN pg_class AS x ON x.oid = i.indexrelid
LEFT JOIN pg_constraint AS c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
WHERE t.relnamespace = 'marts'::regnamespace AND t.relname = ANY (ARRAY[{tables}])
  AND NOT EXISTS (SELECT 1 FROM pg_constraint AS f WHERE f.contype = 'f' AND f.confrelid = i.indrelid)
ORDER BY t.relname, x.relname"""


def full_script(args, database: str, set_aside: bool) -> tuple[str, list[str]]:
    """The order chain's full build as the engine runs it (BuildChainAsync): TRUNCATE, the indexes set aside (or
    kept, as before MartsIndexSql), every fact and mart filled with this checkout's SQL, the indexes built again;
    in one transaction that is rolled back."""
    tables = ", ".join(f"'{t}'" for t in ORDER_FULL)
    rows = psql(args, database, "\\pset format unaligned\n\\pset tuples_only on\n\\pset fieldsep '|'\n" +
                LIST_INDEXES.format(tables=tables) + ";\n").strip().splitlines() if set_aside else []
    statements = [tuple(r.split("|", 1)) for r in rows]
    out = ["\\timing on", "BEGIN;", "SET LOCAL work_mem = '64MB';", "SET LOCAL jit = off;",
           "TRUNCATE " + ", ".join("marts." + t for t in ORDER_FULL) + ";", "\\echo BEGIN-STEPS"]
    labels = []
    for drop, _ in statements:
        out += ["\\o /dev/null", drop + ";", "\\o"]
        labels.append(drop)
    for name in ORDER_FULL:
        out += ["\\o /dev/null", sql(REPO_MARTS, name, incremental=False), "\\o"]
        labels.append(f"full: {name}")
    for _, restore in statements:
        out += ["\\o /dev/null", restore + ";", "\\o"]
        labels.append(restore[:80])
    out += ["\\timing off", "ROLLBACK;"]
    return "\n".join(out), labels


def main_full(args):
    """--full: the order chain's full build with its indexes kept and with them set aside, interleaved."""
    variants = {"indexes kept": False, "indexes set aside (MartsIndexSql)": True}
    results = {v: [] for v in variants}
    for _ in range(args.rounds):
        for variant, set_aside in variants.items():
            script, labels = full_script(args, args.db, set_aside)
            text = psql(args, args.db, script)
            times = [float(l.split()[1]) for l in text.split("BEGIN-STEPS", 1)[1].splitlines()
                     if l.startswith("Time:")]
            results[variant].append((labels, times))
    for variant, rounds in results.items():
        labels = rounds[0][0]
        print(f"\n{variant} — full build of the order chain on {args.db}, median of {len(rounds)} rounds, ms")
        for i, label in enumerate(labels):
            print(f"{statistics.median(t[i] for _, t in rounds):9.1f}  {label}")
        totals = [sum(t) for _, t in rounds]
        print(f"{statistics.median(totals):9.1f}  TOTAL (rounds: {', '.join(f'{t:.0f}' for t in totals)})")


def prepared_copy(args, marts):
    """The name of {db}_replay, made a fresh copy of --db prepared for replaying the marts of `marts`."""
    copy = f"{args.db}_replay"
    print(f"Preparing {copy} from {args.db}…", flush=True)
    prepare(args, copy, marts)
    return copy


def main_explain(args):
    """--explain: the plans of the chosen statements of the incremental build, on a fresh copy, once per round."""
    marts = (args.marts or [REPO_MARTS])[0]
    copy = prepared_copy(args, marts)
    script, _ = replay_script(marts, args.explain)
    for round_number in range(1, args.rounds + 1):
        print(f"\n## round {round_number}")
        text = psql(args, copy, script)
        print("\n".join(l for l in text.split("BEGIN-STEPS", 1)[1].splitlines()
                        if not l.startswith("Time:") and "CHECK" not in l))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="bench_x10_warehouse")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=55442)
    parser.add_argument("--user", default="postgres")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--hold-back-from", default="2018-08-01")
    parser.add_argument("--marts", action="append", type=Path, help="a Marts directory (repeat to compare)")
    parser.add_argument("--explain", action="append", metavar="LABEL",
                        help="print the plan (EXPLAIN ANALYZE, BUFFERS) of the incremental build's statements whose "
                             "label starts with LABEL (as the timings list them, e.g. 'run: order_lines'; repeat for "
                             "more), once per round, instead of the timings")
    parser.add_argument("--full", action="store_true",
                        help="replay the order chain's full build on --db itself (rolled back), indexes kept and set "
                             "aside, instead of the incremental build")
    args = parser.parse_args()
    if args.full:
        return main_full(args)
    if args.explain:
        return main_explain(args)
    dirs = args.marts or [REPO_MARTS]
    copy = prepared_copy(args, dirs[0])
    scripts = {d: replay_script(d) for d in dirs}
    results = {d: [] for d in dirs}
    for _ in range(args.rounds):
        for d in dirs:  # interleaved, so that a slow spell of the machine hits every directory alike
            script, labels = scripts[d]
            text = psql(args, copy, script)
            times = [float(l.split()[1]) for l in text.split("BEGIN-STEPS", 1)[1].splitlines()
                     if l.startswith("Time:")]
            check = next((l for l in text.splitlines() if "CHECK" in l), "")
            results[d].append((labels, times, check))
    for d, rounds in results.items():
        labels = rounds[0][0]
        print(f"\n{d} — median of {len(rounds)} rounds, ms")
        totals = [sum(t) for _, t, _ in rounds]
        for i, label in enumerate(labels):
            print(f"{statistics.median(t[i] for _, t, _ in rounds):9.1f}  {label}")
        print(f"{statistics.median(totals):9.1f}  TOTAL (rounds: {', '.join(f'{t:.0f}' for t in totals)})")
        _, kept, counted = rounds[-1][2].strip().split("|")
        print(f"  marts.order_baskets after the build: {kept or 'not kept'}; counted from order_lines: {counted}")


if __name__ == "__main__":
    main()
