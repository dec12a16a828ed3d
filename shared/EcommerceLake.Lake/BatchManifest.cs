using System.Text.Json.Serialization;

namespace EcommerceLake.Lake;

/// <summary>
/// The <c>_manifest.json</c> of a lake batch, written last: a batch is visible only once its manifest exists.
/// </summary>
/// <param name="Zone"><c>land</c> or <c>raw</c>.</param>
/// <param name="Source">Source name.</param>
/// <param name="Stream">Stream name.</param>
/// <param name="RunId">Run that wrote the batch.</param>
/// <param name="RowCount">Rows over all parts.</param>
/// <param name="Parts">Part files, in order.</param>
/// <param name="Columns">Column names of every record, in order (meta columns <c>_op</c>, <c>_change_version</c>
/// first).</param>
/// <param name="OffsetFrom">Offset the read started from (land only).</param>
/// <param name="OffsetTo">Offset reached (land only).</param>
/// <param name="IsFullSnapshot">True when the batch holds the whole source.</param>
/// <param name="QuarantinedCount">Records set aside in <c>_quarantine.ndjson</c> with position and reason.</param>
/// <param name="CreatedAt">When the manifest was written (UTC).</param>
/// <param name="Quarantine">
/// Lake path of the batch's quarantine file (<c>{batch}/_attempts/{attempt}/_quarantine.ndjson</c>, written by the
/// attempt that committed the batch), or null: then <c>{batch}/_quarantine.ndjson</c> when it exists (batches written
/// before attempts were staged, and the PySpark driver's). Read it with <see cref="LakeBatchReader.QuarantinePathOf"/>.
/// </param>
public sealed record BatchManifest(
    string Zone,
    string Source,
    string Stream,
    Guid RunId,
    long RowCount,
    IReadOnlyList<BatchPart> Parts,
    IReadOnlyList<string> Columns,
    string? OffsetFrom,
    string? OffsetTo,
    bool IsFullSnapshot,
    long QuarantinedCount,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Quarantine = null);

/// <summary>One part file of a batch.</summary>
/// <param name="Path">Lake path of the part.</param>
/// <param name="RowCount">Rows in the part.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the part's bytes as stored (compressed).</param>
/// <param name="Bytes">Stored size in bytes.</param>
public sealed record BatchPart(string Path, long RowCount, string Sha256, long Bytes);

/// <summary>A record set aside because it could not be read, with where it came from and why.</summary>
/// <param name="Position">Where the record was: <c>file.csv:line 12</c>, <c>page 3 item 7</c>,
/// <c>part-00000 row 42</c>.</param>
/// <param name="Reason">Why it was set aside.</param>
/// <param name="Content">
/// The record's original text, when there is one; bytes that are not UTF-8 are written as <c>\xNN</c> escapes, never as
/// U+FFFD.
/// </param>
/// <param name="ContentBase64">
/// The record's original bytes in base64 (RFC 4648, with padding) when they are not all UTF-8 text, so that the exact
/// bytes survive; null otherwise (omitted from the JSON line).
/// </param>
public sealed record QuarantinedRecord(
    string Position,
    string Reason,
    string? Content,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ContentBase64 = null);
