namespace EcommerceLake.Contracts;

/// <summary>Event: extraction of a stream failed; nothing was committed.</summary>
/// <param name="Kind">What kind of failure it was (<see cref="FailureKind"/>); events from services older
/// than the kind read as <see cref="FailureKind.Internal"/>.</param>
public sealed record StreamExtractionFailed(Guid RunId, string Source, string Stream, string Error,
    FailureKind Kind = FailureKind.Internal) : IStreamMessage;
