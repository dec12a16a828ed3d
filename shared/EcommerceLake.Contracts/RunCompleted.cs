namespace EcommerceLake.Contracts;

/// <summary>Event: every stream of the run reached trusted, its offsets were committed and the marts were
/// built.</summary>
public sealed record RunCompleted(Guid RunId, IReadOnlyList<string> Sources, DateTimeOffset CompletedAt,
    double DurationSeconds) : IRunMessage;
