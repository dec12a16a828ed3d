-- Orchestrator schema, version 1: the run saga, committed offsets and source leases.
-- Applied by SqlMigrator (schema "orchestrator" already exists when this runs).

-- One row per pipeline run: the PipelineRunState saga. Optimistic concurrency uses the system column xmin.
CREATE TABLE orchestrator.pipeline_runs (
    run_id        uuid        PRIMARY KEY,
    current_state text        NOT NULL,
    sources       text[]      NOT NULL,
    trigger       text        NOT NULL,
    requested_by  text        NOT NULL,
    force_full    boolean     NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    completed_at  timestamptz NULL,
    error         text        NULL,
    streams       jsonb       NOT NULL,
    marts         jsonb       NOT NULL
);

CREATE INDEX pipeline_runs_created_at_idx ON orchestrator.pipeline_runs (created_at DESC);

-- The offset each stream has reached in trusted. Written only in the saga's transaction after StreamLoaded.
CREATE TABLE orchestrator.committed_offsets (
    source       text        NOT NULL,
    stream       text        NOT NULL,
    "offset"     text        NOT NULL,
    run_id       uuid        NOT NULL,
    committed_at timestamptz NOT NULL,
    PRIMARY KEY (source, stream)
);

-- At most one active run per source: admission inserts, the saga deletes when the run ends.
CREATE TABLE orchestrator.source_leases (
    source      text        PRIMARY KEY,
    run_id      uuid        NOT NULL,
    acquired_at timestamptz NOT NULL
);

CREATE INDEX source_leases_run_id_idx ON orchestrator.source_leases (run_id);
