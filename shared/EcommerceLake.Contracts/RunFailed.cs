namespace EcommerceLake.Contracts;

/// <summary>Event: the run ended with at least one failed step; offsets of streams that did not reach trusted are
/// unchanged.</summary>
public sealed record RunFailed(Guid RunId, IReadOnlyList<string> Sources, string Reason, DateTimeOffset FailedAt)
    : IRunMessage;
