namespace EcommerceLake.Orchestrator.Api;

/// <summary>Answer of <c>POST /runs</c> (202 Accepted): the run was requested; admission answers on the bus.</summary>
/// <param name="RunId">The new run's id; follow <c>GET /runs/{RunId}</c> once admitted.</param>
/// <param name="Sources">Sources requested (each leased to the run).</param>
/// <param name="Streams">The <c>source.stream</c> keys that take part when the request named streams, else null
/// (every stream of the sources).</param>
/// <param name="ForceFull">Full snapshot requested.</param>
/// <param name="RequestedBy">Who asked.</param>
public sealed record RunRequested(Guid RunId, IReadOnlyList<string> Sources, IReadOnlyList<string>? Streams,
    bool ForceFull, string RequestedBy);
