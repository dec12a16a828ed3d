-- Orchestrator schema, version 12: a run can be narrowed to some streams of its sources (RequestRun.Streams;
-- Admission/RunSelection.cs). NULL for a run of every stream of its sources, as every run before this version.
ALTER TABLE orchestrator.pipeline_runs
    -- The source.stream keys that take part, in catalog order.
    ADD COLUMN selected_streams text[] NULL;

-- The same for a refused request, so that running it again asks for the same streams.
ALTER TABLE orchestrator.run_refusals
    ADD COLUMN selected_streams text[] NULL;
