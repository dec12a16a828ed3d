namespace EcommerceLake.Orchestrator.Offsets;

/// <summary>Outcome of <see cref="OffsetResets.ResetAsync"/>.</summary>
/// <param name="Done">True when the offset was reset and audited.</param>
/// <param name="ActiveRunId">When refused: the run that holds the source.</param>
/// <param name="Audit">When done: the audit record written.</param>
public sealed record OffsetResetOutcome(bool Done, Guid? ActiveRunId, OffsetAuditEntry? Audit);
