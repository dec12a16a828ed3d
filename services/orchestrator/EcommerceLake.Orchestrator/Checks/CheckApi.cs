using EcommerceLake.Orchestrator.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcommerceLake.Orchestrator.Checks;

/// <summary>
/// The data-quality endpoints of the operations API (JSON, viewer role; <see cref="OperationsAuthRegistration"/>):
/// <list type="bullet">
/// <item><c>GET /checks?source=S&amp;stream=T&amp;failing=true</c> — the latest outcome of every check of every stream
/// (or of source S, stream T), with <c>failing=true</c> only those that failed (<see cref="CheckResult"/>).</item>
/// <item><c>GET /runs/{id}/checks</c> — every outcome the loads of run <c>id</c> recorded; an empty list for a run
/// whose streams declare no check or that loaded nothing.</item>
/// </list>
/// A check with severity <c>error</c> that fails fails its load as well: its outcome shows here, and the load as the
/// stream's failed step (<c>GET /runs/{id}</c>, a <c>step-failed</c> alert).
/// </summary>
public static class CheckApi
{
    /// <summary>Maps the endpoints above on <paramref name="endpoints"/> (the operations API's group, which requires
    /// the viewer role).</summary>
    public static IEndpointRouteBuilder MapCheckApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/checks", async (CheckResultStore store, string? source, string? stream, bool? failing,
                CancellationToken cancellationToken) =>
                Results.Ok(await store.LatestAsync(source, stream, failing ?? false, cancellationToken)))
            .WithSummary("The latest outcome of every data-quality check, per stream")
            .Produces<IReadOnlyList<CheckResult>>();
        endpoints.MapGet("/runs/{id:guid}/checks", async (Guid id, CheckResultStore store,
                CancellationToken cancellationToken) => Results.Ok(await store.OfRunAsync(id, cancellationToken)))
            .WithSummary("The data-quality checks the loads of a run ran")
            .Produces<IReadOnlyList<CheckResult>>();
        return endpoints;
    }
}
