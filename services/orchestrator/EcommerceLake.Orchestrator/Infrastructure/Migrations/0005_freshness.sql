-- Orchestrator schema, version 5: freshness of each stream's data, and alerts that can be cleared.

-- One row per stream seen by a run or by the freshness monitor. last_data_* is the last load that brought rows
-- (land rows > 0) — a run that reads nothing does not make a stream fresh; last_loaded_* is the last load at all.
-- first_seen_at measures a stream that never had data. stale_alert_key names the open stale-source alert (one per
-- breach), stale_since when that breach was seen; both are cleared when data arrives.
CREATE TABLE orchestrator.stream_freshness (
    source             text        NOT NULL,
    stream             text        NOT NULL,
    first_seen_at      timestamptz NOT NULL,
    last_data_at       timestamptz NULL,
    last_data_run_id   uuid        NULL,
    last_data_rows     bigint      NULL,
    last_loaded_at     timestamptz NULL,
    last_loaded_run_id uuid        NULL,
    stale_alert_key    text        NULL,
    stale_since        timestamptz NULL,
    CONSTRAINT stream_freshness_pkey PRIMARY KEY (source, stream)
);

-- When a condition that raised an alert ended (today: a stale source whose data arrived), else NULL.
ALTER TABLE orchestrator.alerts ADD COLUMN cleared_at timestamptz NULL;
