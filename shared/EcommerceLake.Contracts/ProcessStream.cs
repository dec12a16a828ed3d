namespace EcommerceLake.Contracts;

/// <summary>Command to the processing service: turn a land batch into a typed raw dataset.</summary>
public sealed record ProcessStream(Guid RunId, string Source, string Stream, string LandBatchUri, bool IsFullSnapshot)
    : IStreamMessage;
