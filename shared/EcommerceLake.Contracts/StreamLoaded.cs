namespace EcommerceLake.Contracts;

/// <summary>Event: the stream's batch is in trusted.</summary>
/// <param name="RawRowCount">Rows appended to the raw table by this batch.</param>
/// <param name="TrustedRowCount">Rows in the trusted table after the MERGE.</param>
public sealed record StreamLoaded(
    Guid RunId, string Source, string Stream, long RawRowCount, long TrustedRowCount, long Inserted, long Updated,
    long Deleted, double DurationSeconds) : IStreamMessage;
