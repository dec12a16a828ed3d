namespace EcommerceLake.Orchestrator.Admission;

/// <summary>
/// Outcome of
/// <see cref="RunAdmission.AdmitAsync(Guid, IReadOnlyCollection{string}, EcommerceLake.Contracts.RunTrigger, string,
/// CancellationToken)"/>.
/// </summary>
/// <param name="Accepted">True when the run holds every requested source (or was admitted before).</param>
/// <param name="AcceptedAt">When the run was first admitted (UTC); meaningful when accepted.</param>
/// <param name="BusySource">The first requested source held by another run, when refused.</param>
/// <param name="ActiveRunId">The run holding <paramref name="BusySource"/>, when refused.</param>
/// <param name="Deferred">
/// True when the request was automatic (see <see cref="Triggers.RunTriggers.IsAutomatic"/>) and refused: each busy
/// source has a follow-up run pending that starts when its active run ends.
/// </param>
public sealed record AdmissionDecision(
    bool Accepted, DateTimeOffset AcceptedAt, string? BusySource, Guid? ActiveRunId, bool Deferred = false);
