namespace EcommerceLake.Processing;

/// <summary>What to process.</summary>
/// <param name="RunId">Run that extracted the land batch; the raw batch belongs to the same run.</param>
/// <param name="Source">Source name.</param>
/// <param name="Stream">Stream name.</param>
/// <param name="LandBatchUri">Lake path of the land batch folder, for example
/// <c>land/marketplace/orders/{run}</c>.</param>
public sealed record ProcessingRequest(Guid RunId, string Source, string Stream, string LandBatchUri);
