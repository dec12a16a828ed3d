namespace EcommerceLake.Contracts;

/// <summary>
/// Command: start a pipeline run over <see cref="Sources"/>. Answered by <see cref="RunAccepted"/> or
/// <see cref="RunRefused"/> (a source that already has an active run is refused).
/// </summary>
public sealed record RequestRun : IRunMessage
{
    /// <summary>Idempotency key and correlation id of the run to create.</summary>
    public required Guid RunId { get; init; }

    /// <summary>Source names; every stream of each source takes part unless <see cref="Streams"/> narrows them.
    /// </summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>The streams that take part, as <c>source.stream</c> keys (for example <c>marketplace.orders</c>), each
    /// of one of <see cref="Sources"/>; null (the default) for every stream of the sources. A run of some streams
    /// still leases their whole source, reads each from its committed offset and maintains the marts chains as any
    /// run does (Airflow's single task, Dagster's materializing a selection).</summary>
    public IReadOnlyList<string>? Streams { get; init; }

    /// <summary>What asked for the run; on the wire <c>api</c>, <c>cli</c>, <c>schedule</c>, <c>event:…</c> or
    /// <c>follow-up</c>.</summary>
    public required RunTrigger Trigger { get; init; }

    /// <summary>Who asked (user or component), for the audit trail.</summary>
    public required string RequestedBy { get; init; }

    /// <summary>When true every stream takes a full snapshot whatever its offset; false by default.</summary>
    public bool ForceFull { get; init; }
}
