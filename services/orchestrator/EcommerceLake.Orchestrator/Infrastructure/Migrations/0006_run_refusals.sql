-- Orchestrator schema, version 6: refused run requests, kept so that GET /runs/{id} answers for a request that was
-- refused (on every orchestrator instance, after a restart too) instead of 404 until a client gives up waiting.

-- One row per refused run id (the request's idempotency key); a redelivered request keeps the first row. Requests
-- coalesced into a follow-up run (automatic triggers finding their source busy) are not recorded: their run id is
-- nobody's to wait for. active_run_id is the run that held a requested source, when that was the reason.
CREATE TABLE orchestrator.run_refusals (
    run_id        uuid        NOT NULL,
    sources       text[]      NOT NULL,
    trigger       text        NOT NULL,
    requested_by  text        NOT NULL,
    force_full    boolean     NOT NULL,
    reason        text        NOT NULL,
    active_run_id uuid        NULL,
    trace_id      text        NULL,
    refused_at    timestamptz NOT NULL,
    CONSTRAINT run_refusals_pkey PRIMARY KEY (run_id)
);
