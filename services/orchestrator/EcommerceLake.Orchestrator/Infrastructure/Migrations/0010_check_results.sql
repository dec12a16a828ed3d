-- Orchestrator schema, version 10: the outcome of every data-quality check a load ran (a stream spec's checks, run by
-- the warehouse after each MERGE into trusted over the rows that load wrote), from StreamLoaded
-- (Checks/CheckResultStore.cs). One row per run, stream and check; a redelivered event changes nothing. Pruned with
-- the rest of the history (History/HistoryPruner.cs).
CREATE TABLE orchestrator.check_results (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id        uuid        NOT NULL,
    source        text        NOT NULL,
    stream        text        NOT NULL,
    check_name    text        NOT NULL,
    assertion     text        NOT NULL,
    -- warn or error (an error check that failed failed its load, so it is recorded only when it passed).
    severity      text        NOT NULL,
    checked_rows  bigint      NOT NULL,
    failing_rows  bigint      NOT NULL,
    -- Up to five failing primary keys, key columns joined with '|'.
    sample_keys   text[]      NOT NULL,
    checked_at    timestamptz NOT NULL,
    UNIQUE (run_id, source, stream, check_name)
);

CREATE INDEX check_results_stream_idx ON orchestrator.check_results (source, stream, check_name, checked_at DESC);

CREATE INDEX check_results_checked_at_idx ON orchestrator.check_results (checked_at);
