namespace EcommerceLake.Contracts;

/// <summary>Event: a run request passed admission (its sources are now leased to the run); the run saga starts on
/// it.</summary>
public sealed record RunAccepted : IRunMessage
{
    /// <summary>The run's correlation id (the saga's <c>CorrelationId</c>).</summary>
    public required Guid RunId { get; init; }

    /// <summary>Source names leased to the run; every stream of each takes part unless <see cref="Streams"/>
    /// narrows them.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>The <c>source.stream</c> keys that take part, as in <see cref="RequestRun.Streams"/> (checked against
    /// the catalog by admission); null for every stream of the sources.</summary>
    public IReadOnlyList<string>? Streams { get; init; }

    /// <summary>What asked for the run, as in <see cref="RequestRun.Trigger"/>.</summary>
    public required RunTrigger Trigger { get; init; }

    /// <summary>Who asked (user or component), for the audit trail.</summary>
    public required string RequestedBy { get; init; }

    /// <summary>When true every stream takes a full snapshot whatever its offset.</summary>
    public required bool ForceFull { get; init; }

    /// <summary>When admission accepted the run (UTC).</summary>
    public required DateTimeOffset AcceptedAt { get; init; }
}
