namespace EcommerceLake.Contracts;

/// <summary>Event: loading a stream into trusted failed; trusted is unchanged (the MERGE runs in one
/// transaction).</summary>
/// <param name="Kind">What kind of failure it was (<see cref="FailureKind"/>); events from services older
/// than the kind read as <see cref="FailureKind.Internal"/>.</param>
public sealed record StreamLoadFailed(Guid RunId, string Source, string Stream, string Error,
    FailureKind Kind = FailureKind.Internal) : IStreamMessage;
