namespace EcommerceLake.Processing;

/// <summary>A finished raw batch.</summary>
/// <param name="RawBatchUri">Lake path of the raw batch folder,
/// <c>raw/{table}/ingest_date=YYYY-MM-DD/{run}</c>.</param>
/// <param name="RowCount">Typed rows written.</param>
/// <param name="RejectedCount">Land rows that failed typing, quarantined in the raw batch with position and
/// reason.</param>
/// <param name="IsFullSnapshot">
/// True when the raw batch holds the whole source: the land batch was a full snapshot and no record of it was set aside
/// (in land or here), so rows absent from it may be deleted downstream.
/// </param>
/// <param name="AlreadyFinished">True when the raw batch existed before this call (a redelivered command).</param>
public sealed record ProcessingResult(string RawBatchUri, long RowCount, long RejectedCount, bool IsFullSnapshot,
    bool AlreadyFinished);
