-- Orchestrator schema, version 8: scheduled runs (Schedules/RunScheduler.cs). One row per configured schedule; the
-- instance that moves next_due_at forward (under the row's lock) is the one that requests the tick's run, through the
-- outbox in the same transaction, so every tick runs once however many orchestrators check it, and a crash after the
-- commit still publishes the request.
CREATE TABLE orchestrator.schedules (
    source        text        PRIMARY KEY,
    expression    text        NOT NULL,
    time_zone     text        NOT NULL,
    -- The next tick not yet requested; NULL when a cron expression never matches again.
    next_due_at   timestamptz NULL,
    last_due_at   timestamptz NULL,
    last_run_id   uuid        NULL,
    last_fired_at timestamptz NULL,
    -- Ticks the last request stood for: more than 1 when ticks were missed while no orchestrator ran.
    last_ticks    bigint      NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL
);
