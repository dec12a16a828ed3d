namespace EcommerceLake.Warehouse;

/// <summary>What to load: one raw batch of one stream of a run (the warehouse's side of a <c>LoadStream</c>
/// command).</summary>
/// <param name="RunId">Run that wrote the raw batch; raw rows carry it in <c>_run_id</c>, and a second load of the same
/// run replaces them.</param>
/// <param name="Source">Source name, for example <c>marketplace</c>.</param>
/// <param name="Stream">Stream name inside the source, for example <c>orders</c>.</param>
/// <param name="RawBatchUri">Lake path of the raw batch folder, for example
/// <c>raw/marketplace/orders/{run}</c>.</param>
/// <param name="IsFullSnapshot">True when the batch holds the whole source table: trusted rows whose key it lacks are
/// deleted, when the batch itself is a clean full snapshot (no quarantined record).</param>
public sealed record LoadRequest(Guid RunId, string Source, string Stream, string RawBatchUri, bool IsFullSnapshot);
