namespace EcommerceLake.Contracts;

/// <summary>Event: a raw batch for the stream is complete.</summary>
/// <param name="RawBatchUri">Lake path of the raw batch folder.</param>
/// <param name="RowCount">Typed rows written to raw.</param>
/// <param name="RejectedCount">Land rows that failed typing, quarantined with their reason.</param>
public sealed record StreamProcessed(
    Guid RunId, string Source, string Stream, string RawBatchUri, long RowCount, long RejectedCount,
    bool IsFullSnapshot, double DurationSeconds) : IStreamMessage;
