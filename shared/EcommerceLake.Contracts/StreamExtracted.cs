namespace EcommerceLake.Contracts;

/// <summary>Event: a land batch for the stream is complete (its manifest is written).</summary>
/// <param name="OffsetFrom">Offset the read started from (null for none).</param>
/// <param name="OffsetTo">Offset to commit once the batch is in trusted.</param>
/// <param name="RowCount">Rows written to land.</param>
/// <param name="QuarantinedCount">Malformed records set aside with their position and reason.</param>
/// <param name="LandBatchUri">Lake path of the batch folder, for example <c>land/marketplace/orders/{run}</c>.</param>
/// <param name="IsFullSnapshot">True when the batch holds the whole source table (rows absent from it are deleted
/// downstream).</param>
/// <param name="DurationSeconds">Wall time of the extraction, seconds.</param>
public sealed record StreamExtracted(
    Guid RunId, string Source, string Stream, string? OffsetFrom, string OffsetTo, long RowCount, long QuarantinedCount,
    string LandBatchUri, bool IsFullSnapshot, double DurationSeconds) : IStreamMessage;
