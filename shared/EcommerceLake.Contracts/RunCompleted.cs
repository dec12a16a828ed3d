namespace EcommerceLake.Contracts;

/// <summary>Event: every stream of the run reached trusted, its offsets were committed and the marts were
/// built.</summary>
public sealed record RunCompleted : IRunMessage
{
    /// <summary>The run's correlation id (the saga's <c>CorrelationId</c>).</summary>
    public required Guid RunId { get; init; }

    /// <summary>Source names the run covered.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>When the run completed (UTC).</summary>
    public required DateTimeOffset CompletedAt { get; init; }

    /// <summary>Wall time from the run's creation to its completion, seconds.</summary>
    public required double DurationSeconds { get; init; }
}
