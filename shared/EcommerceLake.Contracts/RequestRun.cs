namespace EcommerceLake.Contracts;

/// <summary>
/// Command: start a pipeline run over <paramref name="Sources"/>. Answered by <see cref="RunAccepted"/> or
/// <see cref="RunRefused"/> (a source that already has an active run is refused).
/// </summary>
/// <param name="RunId">Idempotency key and correlation id of the run to create.</param>
/// <param name="Sources">Source names; every stream of each source takes part.</param>
/// <param name="Trigger">What asked for the run: <c>api</c>, <c>cli</c>, <c>schedule</c>, <c>event:…</c>.</param>
/// <param name="RequestedBy">Who asked (user or component), for the audit trail.</param>
/// <param name="ForceFull">When true every stream takes a full snapshot whatever its offset.</param>
public sealed record RequestRun(Guid RunId, IReadOnlyList<string> Sources, string Trigger, string RequestedBy,
    bool ForceFull = false) : IRunMessage;
