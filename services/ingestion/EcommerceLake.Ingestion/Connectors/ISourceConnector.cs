using System.Net;
using EcommerceLake.Contracts;
using EcommerceLake.Lake;
using EcommerceLake.Streams;

namespace EcommerceLake.Ingestion.Connectors;

/// <summary>
/// Port of one source. A connector reads one stream from its committed offset and writes land records to
/// the batch writer in <see cref="LandRecord"/> column order; malformed records go to
/// <see cref="LakeBatchWriter.Quarantine"/> and the rest of the stream goes on. It never commits offsets: it
/// returns the offset reached, which the orchestrator commits once the rows are in trusted.
/// </summary>
public interface ISourceConnector
{
    /// <summary>The source this connector serves (<c>marketplace</c>, <c>reviews</c>, <c>files</c>).</summary>
    string Source { get; }

    /// <summary>Reads the stream described by <paramref name="request"/>.</summary>
    /// <exception cref="SourceUnavailableException">The source could not be read; nothing is committed.</exception>
    Task<ExtractionResult> ExtractAsync(ExtractionRequest request, LakeBatchWriter writer,
        CancellationToken cancellationToken);
}

/// <summary>What to extract.</summary>
/// <param name="RunId">Run id (for logs and idempotency keys).</param>
/// <param name="Spec">The stream's spec.</param>
/// <param name="Offset">The committed offset (connector-specific JSON), or null for none.</param>
/// <param name="ForceFull">Take a full snapshot whatever the offset.</param>
public sealed record ExtractionRequest(Guid RunId, StreamSpec Spec, string? Offset, bool ForceFull);

/// <summary>What an extraction reached.</summary>
/// <param name="OffsetTo">The offset to commit once the batch is in trusted (connector-specific JSON, never
/// null).</param>
/// <param name="IsFullSnapshot">True when the batch holds the whole source (rows absent from it are deleted
/// downstream).</param>
/// <param name="SchemaDrift">How the columns the source offered differ from the spec
/// (<see cref="SourceColumns"/>), or null when the extraction saw none.</param>
public sealed record ExtractionResult(string OffsetTo, bool IsFullSnapshot, SchemaDrift? SchemaDrift = null);

/// <summary>Thrown by a connector when its source cannot be read (connection refused, auth failure, protocol
/// error).</summary>
/// <param name="message">What failed, naming the source and the configuration key when one is at fault.</param>
/// <param name="inner">The underlying exception (its kind decides the failure kind when it has one).</param>
/// <param name="statusCode">The HTTP status the source answered, when it answered one.</param>
/// <param name="kind">The failure kind when the thrower knows it (for example
/// <see cref="FailureKind.Configuration"/> for a source that is disabled or not change-tracked).</param>
public sealed class SourceUnavailableException(
    string message, Exception? inner = null, HttpStatusCode? statusCode = null, FailureKind? kind = null)
    : Exception(message, inner)
{
    /// <summary>The HTTP status the source answered, when it answered one.</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>The failure kind the thrower knows, else null (the status or the inner exception decides).</summary>
    public FailureKind? Kind { get; } = kind;
}
