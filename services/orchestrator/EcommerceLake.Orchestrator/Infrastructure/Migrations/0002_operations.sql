-- Orchestrator schema, version 2: run triggers (coalesced follow-ups), trace ids, offset resets, alerts, clusters.

-- W3C trace id (32 hex digits) of the activity in which the saga started the run.
ALTER TABLE orchestrator.pipeline_runs ADD COLUMN trace_id text NULL;

-- One row per source that has been requested. The row is the lock that serializes admission, the end of a run and
-- offset resets of a source (each locks it FOR UPDATE first, in source-name order). An automatic request (schedule,
-- source event) refused because the source is busy sets "pending"; the run that holds the source, when it ends,
-- clears it and requests exactly one follow-up run, however many requests were coalesced.
CREATE TABLE orchestrator.run_triggers (
    source               text        PRIMARY KEY,
    pending              boolean     NOT NULL DEFAULT false,
    pending_trigger      text        NULL,
    pending_requested_by text        NULL,
    pending_since        timestamptz NULL,
    pending_count        integer     NOT NULL DEFAULT 0,
    last_follow_up_run   uuid        NULL,
    last_follow_up_at    timestamptz NULL
);

-- Every operator reset of a committed offset (backfills): who, why, the offset before and after, when.
CREATE TABLE orchestrator.offset_audit (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source       text        NOT NULL,
    stream       text        NOT NULL,
    old_offset   text        NULL,
    new_offset   text        NULL,
    requested_by text        NOT NULL,
    reason       text        NOT NULL,
    reset_at     timestamptz NOT NULL
);

CREATE INDEX offset_audit_reset_at_idx ON orchestrator.offset_audit (reset_at DESC);

-- Every alert raised; alert_key makes raising idempotent (one alert per failed step, per long step, per cluster).
CREATE TABLE orchestrator.alerts (
    id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_key text        NOT NULL UNIQUE,
    kind      text        NOT NULL,
    severity  text        NOT NULL,
    run_id    uuid        NULL,
    source    text        NULL,
    stream    text        NULL,
    message   text        NOT NULL,
    raised_at timestamptz NOT NULL
);

CREATE INDEX alerts_raised_at_idx ON orchestrator.alerts (raised_at DESC);

-- Processing clusters seen through ClusterProvisioned / ClusterDeleted.
CREATE TABLE orchestrator.clusters (
    cluster_name   text        PRIMARY KEY,
    run_id         uuid        NOT NULL,
    provisioned_at timestamptz NULL,
    deleted_at     timestamptz NULL
);
