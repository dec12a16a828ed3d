namespace EcommerceLake.Orchestrator.Admission;

/// <summary>Outcome of <see cref="RunAdmission.AdmitAsync"/>.</summary>
/// <param name="Accepted">True when the run holds every requested source (or was admitted before).</param>
/// <param name="AcceptedAt">When the run was first admitted (UTC); meaningful when accepted.</param>
/// <param name="BusySource">The first requested source held by another run, when refused.</param>
/// <param name="ActiveRunId">The run holding <paramref name="BusySource"/>, when refused.</param>
public sealed record AdmissionDecision(bool Accepted, DateTimeOffset AcceptedAt, string? BusySource, Guid? ActiveRunId);
