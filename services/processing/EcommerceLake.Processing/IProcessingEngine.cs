namespace EcommerceLake.Processing;

/// <summary>
/// Port of the processing compute: turns one finished land batch into a typed raw batch. Adapters: the in-process
/// engine (here and in tests) and, in production, Dataproc. Every adapter types values with the same stream spec
/// (<see cref="EcommerceLake.Streams.StreamCatalog"/>), so they cannot drift apart.
/// </summary>
public interface IProcessingEngine
{
    /// <summary>
    /// Types the land batch of <paramref name="request"/> into the raw zone. Idempotent: when the raw batch is already
    /// finished its result is returned without writing anything.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The stream has no spec.</exception>
    /// <exception cref="InvalidOperationException">The land batch is unfinished or missing, or belongs to another
    /// stream.</exception>
    /// <exception cref="InvalidDataException">The land batch lacks a column of the spec, or a part is corrupt
    /// (checksum, format).</exception>
    Task<ProcessingResult> ProcessAsync(ProcessingRequest request, CancellationToken cancellationToken);
}
