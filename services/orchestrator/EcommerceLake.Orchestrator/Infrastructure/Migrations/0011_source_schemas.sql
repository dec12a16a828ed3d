-- Orchestrator schema, version 11: how each stream's source columns compare with its spec, as the latest extraction
-- that saw them reported it (StreamExtracted.SchemaDrift; Schemas/SourceSchemaStore.cs). One row per stream, replaced
-- by every such extraction: empty arrays when the source offers exactly the spec's columns.
CREATE TABLE orchestrator.source_schemas (
    source          text        NOT NULL,
    stream          text        NOT NULL,
    -- Columns the source offers that the spec does not read (not landed), sorted.
    added           text[]      NOT NULL,
    -- Spec columns the source did not offer, in spec order.
    missing         text[]      NOT NULL,
    run_id          uuid        NOT NULL,
    observed_at     timestamptz NOT NULL,
    -- When the current drift was first seen (NULL when there is none); kept while the same drift is seen again.
    drifting_since  timestamptz NULL,
    -- The open schema-drift alert of the current drift (orchestrator.alerts.alert_key), or NULL.
    alert_key       text        NULL,
    PRIMARY KEY (source, stream)
);
