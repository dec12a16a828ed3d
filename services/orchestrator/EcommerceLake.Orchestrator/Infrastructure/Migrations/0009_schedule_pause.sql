-- Orchestrator schema, version 9: a schedule can be paused (Schedules/ScheduleStore.cs). While paused_at is set, the
-- scheduler moves next_due_at past each due tick without requesting a run, so a resumed schedule runs from its next
-- tick (ticks passed while paused are not caught up). Every pause and resume is audited.
ALTER TABLE orchestrator.schedules
    ADD COLUMN paused_by     text        NULL,
    ADD COLUMN paused_reason text        NULL,
    ADD COLUMN paused_at     timestamptz NULL,
    -- Ticks passed without a run while paused, since the pause.
    ADD COLUMN paused_ticks  bigint      NOT NULL DEFAULT 0;

-- Every operator action on a schedule: pause, resume; who, why, when.
CREATE TABLE orchestrator.schedule_audit (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source       text        NOT NULL,
    action       text        NOT NULL,
    requested_by text        NOT NULL,
    reason       text        NOT NULL,
    requested_at timestamptz NOT NULL
);

CREATE INDEX schedule_audit_requested_at_idx ON orchestrator.schedule_audit (requested_at DESC);
