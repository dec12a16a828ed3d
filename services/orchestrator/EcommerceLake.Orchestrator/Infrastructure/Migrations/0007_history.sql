-- Orchestrator schema, version 7: indexes for the history sweep (History/HistoryPruner.cs), which removes finished
-- runs and refused requests past Orchestrator:History:KeepFor, oldest first.

CREATE INDEX pipeline_runs_completed_at_idx ON orchestrator.pipeline_runs (completed_at)
    WHERE completed_at IS NOT NULL;

CREATE INDEX run_refusals_refused_at_idx ON orchestrator.run_refusals (refused_at);
