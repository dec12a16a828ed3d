namespace EcommerceLake.Contracts;

/// <summary>Event: a run request passed admission (its sources are now leased to the run); the run saga starts on
/// it.</summary>
public sealed record RunAccepted(Guid RunId, IReadOnlyList<string> Sources, string Trigger, string RequestedBy,
    bool ForceFull, DateTimeOffset AcceptedAt) : IRunMessage;
