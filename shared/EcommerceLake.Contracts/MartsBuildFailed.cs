namespace EcommerceLake.Contracts;

/// <summary>Event: building the marts failed.</summary>
/// <param name="Kind">What kind of failure it was (<see cref="FailureKind"/>); events from services older
/// than the kind read as <see cref="FailureKind.Internal"/>.</param>
public sealed record MartsBuildFailed(Guid RunId, string Error,
    FailureKind Kind = FailureKind.Internal) : IRunMessage;
