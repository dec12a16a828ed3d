-- Change tables are append-only (see PostgresMergeSql.CaptureChanges): a load appends the keys it changed, with no
-- primary key to keep and no conflict to check. Change tables created before this had a primary key
-- (changes_{table}_pkey); this drops it once. Change tables created later by PostgresMergeSql.CreateTables have none.
-- land.changes_all keeps its own.
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN
        SELECT conrelid::regclass AS table_name, conname
        FROM pg_constraint
        WHERE contype = 'p'
          AND connamespace = 'land'::regnamespace
          AND conname LIKE 'changes\_%\_pkey'
          AND conrelid <> 'land.changes_all'::regclass
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', c.table_name, c.conname);
    END LOOP;
END
$$;
