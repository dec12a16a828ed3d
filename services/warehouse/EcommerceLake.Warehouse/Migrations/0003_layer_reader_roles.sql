-- Read-only roles per layer: lake_raw_reader, lake_trusted_reader, lake_marts_reader (NOLOGIN; grant them to users).
-- Roles are cluster-wide, so another database may have created them already. Without the CREATEROLE privilege the
-- roles are skipped with a notice instead of failing the migration.
DO $$
DECLARE
    layer text;
    role_name text;
BEGIN
    FOREACH layer IN ARRAY ARRAY['raw', 'trusted', 'marts'] LOOP
        role_name := 'lake_' || layer || '_reader';
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN
                NULL;
            WHEN insufficient_privilege THEN
                RAISE NOTICE 'Role % was not created (no CREATEROLE privilege); layer % has no reader role',
                    role_name, layer;
                CONTINUE;
        END;
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', layer, role_name);
        EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', layer, role_name);
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO %I', layer, role_name);
    END LOOP;
END
$$;
