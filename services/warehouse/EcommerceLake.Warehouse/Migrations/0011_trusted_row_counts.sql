-- The rows each trusted table holds, kept by the loads so that a load reports its table's size (LoadResult's
-- TrustedRowCount) without counting every row of it: SELECT count(*) read the whole table on every load, so a small
-- change cost as much as the table's size (64-88 ms per stream of the x10 benchmark's incremental run, session 17).
-- Written in the load's transaction, under the table's lock (PostgresMergeSql.Lock): an initial load sets it to the
-- rows it inserted, a merge adds its inserts and takes off its deletes (both checked against the rows the statements
-- changed). A table without a row here, loaded before this script, is counted once by its next load. Only the lake
-- writes trusted (the layer reader roles of 0003 read it).
CREATE TABLE land.trusted_row_counts (
    table_name text   PRIMARY KEY,
    row_count  bigint NOT NULL
);
