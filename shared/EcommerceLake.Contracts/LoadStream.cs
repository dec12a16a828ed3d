namespace EcommerceLake.Contracts;

/// <summary>Command to the warehouse service: append a raw batch to the raw layer and MERGE it into trusted.</summary>
public sealed record LoadStream(Guid RunId, string Source, string Stream, string RawBatchUri, bool IsFullSnapshot)
    : IStreamMessage;
