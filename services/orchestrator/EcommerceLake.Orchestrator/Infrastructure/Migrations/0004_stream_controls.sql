-- Orchestrator schema, version 4: stream control without code (pause, resume, force the next run full).

-- The operator's switches of one stream. No row = not paused, no full run asked for. A paused stream is skipped by
-- every run that starts while it is paused (shown as Paused in the run, offset untouched). force_full asks the next
-- run that loads the stream to read it whole; the run clears it in the transaction that commits the stream's offset,
-- if it was asked for before that run started the stream (force_full_at <= its extract start).
CREATE TABLE orchestrator.stream_controls (
    source            text        NOT NULL,
    stream            text        NOT NULL,
    paused            boolean     NOT NULL DEFAULT false,
    paused_by         text        NULL,
    paused_reason     text        NULL,
    paused_at         timestamptz NULL,
    force_full        boolean     NOT NULL DEFAULT false,
    force_full_by     text        NULL,
    force_full_reason text        NULL,
    force_full_at     timestamptz NULL,
    CONSTRAINT stream_controls_pkey PRIMARY KEY (source, stream)
);

-- Every operator action on a stream's switches: pause, resume, force-full; who, why, when.
CREATE TABLE orchestrator.stream_control_audit (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source       text        NOT NULL,
    stream       text        NOT NULL,
    action       text        NOT NULL,
    requested_by text        NOT NULL,
    reason       text        NOT NULL,
    requested_at timestamptz NOT NULL
);

CREATE INDEX stream_control_audit_requested_at_idx ON orchestrator.stream_control_audit (requested_at DESC);
