-- Trigger-based change tracking for PostgreSQL with SQL Server Change Tracking's semantics.
-- Applied once per database by ChangeTrackingInstaller (through SqlMigrator, which records it in
-- change_tracking.schema_migrations); tables are then enabled with change_tracking.enable_table(regclass).
--
-- SQL Server references (Microsoft Learn):
--   CHANGE_TRACKING_CURRENT_VERSION()
-- https://learn.microsoft.com/sql/relational-databases/system-functions/change-tracking-current-version-transact-sql
--   CHANGE_TRACKING_MIN_VALID_VERSION()
-- https://learn.microsoft.com/sql/relational-databases/system-functions/change-tracking-min-valid-version-transact-sql
--   CHANGETABLE(CHANGES t, @last)
-- https://learn.microsoft.com/sql/relational-databases/system-functions/changetable-transact-sql
--   Work with change tracking
-- https://learn.microsoft.com/sql/relational-databases/track-changes/work-with-change-tracking-sql-server
--
-- Design
--   * Statement-level AFTER INSERT/UPDATE/DELETE triggers with transition tables write one row per changed primary
--     key to change_tracking.change_log (table, key as jsonb, op, transaction id). An UPDATE is compared as sets of
--     keys: keys only in the old rows are deletes, keys only in the new rows are inserts, keys in both are updates, so
--     an UPDATE that changes a primary key is a delete of the old key and an insert of the new one (also when a
--     statement shifts keys onto each other, where row-by-row logging would order the events wrongly).
--   * The first change of a transaction inserts its row into change_tracking.transactions (version NULL). A
--     DEFERRABLE INITIALLY DEFERRED constraint trigger on that row runs once per transaction at commit time, takes
--     the transaction-level advisory lock (1667789938, 1) and draws the version from a sequence. The lock is held
--     until the commit has finished (PostgreSQL releases transaction locks after the commit is visible), so
--     versions are assigned in commit order: a reader whose snapshot shows version v also shows every version
--     below v, and a transaction that commits later always gets a larger version than any a reader has seen.
--     (The two-int advisory lock space never collides with single-bigint keys such as SqlMigrator's.)
--   * current_version() = the largest version visible to the caller's snapshot, 0 when nothing was ever tracked.
--   * min_valid_version(t) = the version tracking was enabled at, moved forward by cleanup and by TRUNCATE.
--   * changes(t, since) = one row per key changed after since, with the net operation and the latest version.

CREATE SEQUENCE IF NOT EXISTS change_tracking.version_seq AS bigint MINVALUE 1 START 1;

CREATE TABLE IF NOT EXISTS change_tracking.transactions (
    txid         xid8 PRIMARY KEY,
    version      bigint UNIQUE,        -- NULL only while the transaction is still running
    committed_at timestamptz           -- when the version was assigned (clock time, for cleanup by age)
);

CREATE TABLE IF NOT EXISTS change_tracking.change_log (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    table_id oid   NOT NULL,
    txid     xid8  NOT NULL,
    op       text  NOT NULL CHECK (op IN ('I', 'U', 'D')),
    pk       jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS change_log_txid_table ON change_tracking.change_log (txid, table_id);
CREATE INDEX IF NOT EXISTS change_log_table ON change_tracking.change_log (table_id);

CREATE TABLE IF NOT EXISTS change_tracking.tracked_tables (
    table_id          oid PRIMARY KEY,
    table_name        text NOT NULL,                  -- schema-qualified name when tracking was enabled
    min_valid_version bigint NOT NULL,
    enabled_at        timestamptz NOT NULL DEFAULT now()
);

-- The primary-key columns of a table, in key order (NULL when it has none).
CREATE OR REPLACE FUNCTION change_tracking.key_columns(p_table regclass) RETURNS text[]
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT array_agg(a.attname::text ORDER BY k.ord)
    FROM pg_index i
    CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
    WHERE i.indrelid = p_table AND i.indisprimary
$$;

-- The columns of a table that are not in its primary key (removed from to_jsonb(row) to leave the key).
CREATE OR REPLACE FUNCTION change_tracking.non_key_columns(p_table regclass) RETURNS text[]
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(array_agg(a.attname::text), '{}')
    FROM pg_attribute a
    WHERE a.attrelid = p_table AND a.attnum > 0 AND NOT a.attisdropped
      AND a.attname::text <> ALL (coalesce(change_tracking.key_columns(p_table), '{}'))
$$;

-- Registers the calling transaction once (its row queues the commit-time trigger). The transaction-local setting
-- change_tracking.txid remembers that it was done; ON CONFLICT keeps a repeated call harmless.
CREATE OR REPLACE FUNCTION change_tracking.register_transaction() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    tx xid8 := pg_current_xact_id();
BEGIN
    IF current_setting('change_tracking.txid', true) IS DISTINCT FROM tx::text THEN
        INSERT INTO change_tracking.transactions (txid) VALUES (tx) ON CONFLICT (txid) DO NOTHING;
        PERFORM set_config('change_tracking.txid', tx::text, true);
    END IF;
END
$$;

-- Assigns the calling transaction's version (once; later calls return it). Called at commit time by the deferred
-- constraint trigger, or earlier by TRUNCATE. The advisory lock stays held until the transaction has ended.
CREATE OR REPLACE FUNCTION change_tracking.assign_version() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    tx       xid8 := pg_current_xact_id();
    assigned text := current_setting('change_tracking.version', true);
    v        bigint;
BEGIN
    IF assigned LIKE tx::text || ':%' THEN
        RETURN split_part(assigned, ':', 2)::bigint;
    END IF;
    PERFORM pg_advisory_xact_lock(1667789938, 1);
    v := nextval('change_tracking.version_seq');
    UPDATE change_tracking.transactions SET version = v, committed_at = clock_timestamp() WHERE txid = tx;
    IF NOT FOUND THEN
        INSERT INTO change_tracking.transactions (txid, version, committed_at) VALUES (tx, v, clock_timestamp());
    END IF;
    PERFORM set_config('change_tracking.version', tx::text || ':' || v::text, true);
    RETURN v;
END
$$;

CREATE OR REPLACE FUNCTION change_tracking.on_commit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM change_tracking.assign_version();
    RETURN NULL;
END
$$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                   WHERE tgrelid = 'change_tracking.transactions'::regclass AND tgname = 'assign_version') THEN
        CREATE CONSTRAINT TRIGGER assign_version AFTER INSERT ON change_tracking.transactions
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION change_tracking.on_commit();
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION change_tracking.capture_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    non_keys text[] := change_tracking.non_key_columns(TG_RELID);
    n        bigint;
BEGIN
    INSERT INTO change_tracking.change_log (table_id, txid, op, pk)
    SELECT TG_RELID, pg_current_xact_id(), 'I', to_jsonb(r) - non_keys FROM new_rows r;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n > 0 THEN PERFORM change_tracking.register_transaction(); END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION change_tracking.capture_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    non_keys text[] := change_tracking.non_key_columns(TG_RELID);
    n        bigint;
BEGIN
    INSERT INTO change_tracking.change_log (table_id, txid, op, pk)
    SELECT TG_RELID, pg_current_xact_id(), 'D', to_jsonb(r) - non_keys FROM old_rows r;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n > 0 THEN PERFORM change_tracking.register_transaction(); END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION change_tracking.capture_update() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    non_keys text[] := change_tracking.non_key_columns(TG_RELID);
    n        bigint;
BEGIN
    INSERT INTO change_tracking.change_log (table_id, txid, op, pk)
    SELECT TG_RELID, pg_current_xact_id(),
           CASE WHEN o.pk IS NULL THEN 'I' WHEN w.pk IS NULL THEN 'D' ELSE 'U' END,
           coalesce(w.pk, o.pk)
    FROM (SELECT DISTINCT to_jsonb(r) - non_keys AS pk FROM old_rows r) o
    FULL JOIN (SELECT DISTINCT to_jsonb(r) - non_keys AS pk FROM new_rows r) w ON w.pk = o.pk
    ORDER BY CASE WHEN w.pk IS NULL THEN 0 WHEN o.pk IS NULL THEN 2 ELSE 1 END;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n > 0 THEN PERFORM change_tracking.register_transaction(); END IF;
    RETURN NULL;
END
$$;

-- TRUNCATE removes the table's change information and moves its min valid version to the truncating
-- transaction's version (as SQL Server does: CHANGE_TRACKING_MIN_VALID_VERSION moves when a table is truncated).
-- The version is assigned right away, so this transaction holds the version lock until it ends.
CREATE OR REPLACE FUNCTION change_tracking.capture_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v bigint;
BEGIN
    PERFORM change_tracking.register_transaction();
    v := change_tracking.assign_version();
    DELETE FROM change_tracking.change_log WHERE table_id = TG_RELID;
    UPDATE change_tracking.tracked_tables SET min_valid_version = greatest(min_valid_version, v)
    WHERE table_id = TG_RELID;
    RETURN NULL;
END
$$;

-- Like CHANGE_TRACKING_CURRENT_VERSION(): the version of the last committed transaction visible to the caller,
-- 0 when nothing was ever tracked.
CREATE OR REPLACE FUNCTION change_tracking.current_version() RETURNS bigint
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(max(version), 0) FROM change_tracking.transactions
$$;

-- Like CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(t)): the smallest last-sync version for which changes(t, v) is
-- complete; NULL when the table is not tracked.
CREATE OR REPLACE FUNCTION change_tracking.min_valid_version(p_table regclass) RETURNS bigint
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT min_valid_version FROM change_tracking.tracked_tables WHERE table_id = p_table
$$;

-- Like CHANGETABLE(CHANGES t, @since): one row per primary key changed in a transaction with a version greater than
-- p_since (all retained changes when p_since is NULL), with
--   operation:      'D' when the key's last change deleted it; else 'I' when its first change after p_since inserted
--                   it; else 'U' (SYS_CHANGE_OPERATION);
--   change_version: the version of the key's last change (SYS_CHANGE_VERSION).
-- The caller validates p_since against min_valid_version first (Microsoft's documented sequence).
-- 0002_changes_by_hash.sql replaces this definition with one that gives the same rows faster.
CREATE OR REPLACE FUNCTION change_tracking.changes(p_table regclass, p_since bigint)
RETURNS TABLE (pk jsonb, operation text, change_version bigint)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT c.pk,
           CASE WHEN (array_agg(c.op ORDER BY t.version DESC, c.id DESC))[1] = 'D' THEN 'D'
                WHEN (array_agg(c.op ORDER BY t.version, c.id))[1] = 'I' THEN 'I'
                ELSE 'U' END,
           max(t.version)
    FROM change_tracking.transactions t
    JOIN change_tracking.change_log c ON c.txid = t.txid AND c.table_id = p_table
    WHERE t.version > coalesce(p_since, 0)
    GROUP BY c.pk
$$;

-- Retention cleanup (SQL Server's auto cleanup of CHANGE_RETENTION): deletes the change records of every
-- transaction with a version up to p_retain_after (capped at the current version) and moves every table's min valid
-- version up to it. Changes after p_retain_after stay complete. Returns the number of change records deleted (0 and
-- nothing done when p_retain_after is NULL).
CREATE OR REPLACE FUNCTION change_tracking.cleanup(p_retain_after bigint) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    cutoff  bigint := least(p_retain_after, change_tracking.current_version());  -- least() ignores NULL: checked below
    deleted bigint;
BEGIN
    IF p_retain_after IS NULL OR cutoff <= 0 THEN
        RETURN 0;
    END IF;
    DELETE FROM change_tracking.change_log c USING change_tracking.transactions t
    WHERE c.txid = t.txid AND t.version <= cutoff;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    -- The newest transaction row is kept: it carries current_version().
    DELETE FROM change_tracking.transactions
    WHERE version <= cutoff AND version < (SELECT max(version) FROM change_tracking.transactions);
    UPDATE change_tracking.tracked_tables SET min_valid_version = cutoff WHERE min_valid_version < cutoff;
    RETURN deleted;
END
$$;

-- Retention cleanup by age: keeps the changes of transactions committed within p_retention.
CREATE OR REPLACE FUNCTION change_tracking.cleanup_older_than(p_retention interval) RETURNS bigint
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
    SELECT change_tracking.cleanup(
        (SELECT max(version) FROM change_tracking.transactions WHERE committed_at < clock_timestamp() - p_retention))
$$;

-- Enables tracking on a table (idempotent). When its triggers are (re)created, its min valid version becomes the
-- current version, like ALTER TABLE ... ENABLE CHANGE_TRACKING; when tracking is already complete nothing changes.
-- Returns the table's min valid version.
CREATE OR REPLACE FUNCTION change_tracking.enable_table(p_table regclass) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp SET client_min_messages = warning AS $$
DECLARE
    complete boolean;
BEGIN
    IF change_tracking.key_columns(p_table) IS NULL THEN
        RAISE EXCEPTION 'change tracking needs a primary key on table %', p_table USING ERRCODE = '55000';
    END IF;
    SELECT count(*) = 4 INTO complete FROM pg_trigger
    WHERE tgrelid = p_table AND tgname IN ('change_tracking_insert', 'change_tracking_update', 'change_tracking_delete',
                                           'change_tracking_truncate');
    IF NOT complete THEN
        EXECUTE format('DROP TRIGGER IF EXISTS change_tracking_insert ON %s', p_table);
        EXECUTE format('DROP TRIGGER IF EXISTS change_tracking_update ON %s', p_table);
        EXECUTE format('DROP TRIGGER IF EXISTS change_tracking_delete ON %s', p_table);
        EXECUTE format('DROP TRIGGER IF EXISTS change_tracking_truncate ON %s', p_table);
        EXECUTE format('CREATE TRIGGER change_tracking_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION change_tracking.capture_insert()', p_table);
        EXECUTE format('CREATE TRIGGER change_tracking_update AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows '
                       'NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION change_tracking.capture_update()', p_table);
        EXECUTE format('CREATE TRIGGER change_tracking_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION change_tracking.capture_delete()', p_table);
        EXECUTE format('CREATE TRIGGER change_tracking_truncate AFTER TRUNCATE ON %s '
                       'FOR EACH STATEMENT EXECUTE FUNCTION change_tracking.capture_truncate()', p_table);
    END IF;
    INSERT INTO change_tracking.tracked_tables AS t (table_id, table_name, min_valid_version)
    VALUES (p_table, p_table::text, change_tracking.current_version())
    ON CONFLICT (table_id) DO UPDATE
        SET min_valid_version = greatest(t.min_valid_version, excluded.min_valid_version),
            table_name = excluded.table_name
        WHERE NOT complete;
    RETURN change_tracking.min_valid_version(p_table);
END
$$;
