namespace EcommerceLake.Contracts;

/// <summary>Event: processing of a stream failed.</summary>
/// <param name="Kind">What kind of failure it was (<see cref="FailureKind"/>); events from services older
/// than the kind read as <see cref="FailureKind.Internal"/>.</param>
public sealed record StreamProcessingFailed(Guid RunId, string Source, string Stream, string Error,
    FailureKind Kind = FailureKind.Internal) : IStreamMessage;
