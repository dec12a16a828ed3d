-- Initial loads. A load into an empty trusted table inserts every row of its batch; instead of recording each of its
-- keys in land.changes_{table} (one index insert per row, most of an initial load's cost besides the insert itself),
-- it records the table here: every key of it changed, so the next marts build rebuilds every mart in full. The build
-- empties this table with the change tables, in the same transaction.
CREATE TABLE land.changes_all (
    table_name text        PRIMARY KEY,
    marked_at  timestamptz NOT NULL DEFAULT now()
);
