namespace EcommerceLake.Contracts;

/// <summary>Event: a run request was refused; <paramref name="Reason"/> says why (for example the active run that holds
/// a source).</summary>
public sealed record RunRefused(Guid RunId, IReadOnlyList<string> Sources, string Reason, Guid? ActiveRunId)
    : IRunMessage;
