-- Orchestrator schema, version 3: the durable outbox of the run saga.

-- Messages a saga transition publishes, written in the same transaction as the saga row and the offsets; the outbox
-- relay publishes them after the commit and deletes them, so a crash between commit and publish loses nothing.
CREATE TABLE orchestrator.outbox_messages (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id       uuid        NOT NULL,
    message_type text        NOT NULL,
    body         jsonb       NOT NULL,
    trace_parent text        NULL,
    created_at   timestamptz NOT NULL
);
