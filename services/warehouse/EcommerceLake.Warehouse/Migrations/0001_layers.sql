-- The warehouse layers: land (the registry of loaded batches), raw (append-only typed history), trusted (current
-- state, one row per primary key) and marts. Per-stream raw and trusted tables are generated from the stream specs
-- when the service starts (idempotent DDL), not here.
CREATE SCHEMA IF NOT EXISTS land;
CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS trusted;
CREATE SCHEMA IF NOT EXISTS marts;

-- One row per (run, stream) batch loaded into trusted; a redelivered load updates its row and counts it in loads.
CREATE TABLE land.batches (
    run_id           uuid        NOT NULL,
    source           text        NOT NULL,
    stream           text        NOT NULL,
    table_name       text        NOT NULL,
    uri              text        NOT NULL,
    row_count        bigint      NOT NULL,
    inserted         bigint      NOT NULL,
    updated          bigint      NOT NULL,
    deleted          bigint      NOT NULL,
    is_full_snapshot boolean     NOT NULL,
    loads            integer     NOT NULL DEFAULT 1,
    loaded_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT batches_pkey PRIMARY KEY (run_id, source, stream)
);

CREATE INDEX batches_stream_loaded_at_idx ON land.batches (source, stream, loaded_at DESC);
