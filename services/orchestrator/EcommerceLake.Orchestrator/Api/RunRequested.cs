namespace EcommerceLake.Orchestrator.Api;

/// <summary>Answer of <c>POST /runs</c> (202 Accepted): the run was requested; admission answers on the bus.</summary>
/// <param name="RunId">The new run's id; follow <c>GET /runs/{RunId}</c> once admitted.</param>
/// <param name="Sources">Sources requested.</param>
/// <param name="ForceFull">Full snapshot requested.</param>
/// <param name="RequestedBy">Who asked.</param>
public sealed record RunRequested(Guid RunId, IReadOnlyList<string> Sources, bool ForceFull, string RequestedBy);
