using EcommerceLake.Orchestrator.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcommerceLake.Orchestrator.Schemas;

/// <summary>
/// The schema-drift endpoint of the operations API (JSON, viewer role; <see cref="OperationsAuthRegistration"/>):
/// <c>GET /schema-drift?source=S&amp;drifting=true</c> — every stream's latest comparison of its source's columns with
/// its spec (or those of source S), with <c>drifting=true</c> only those whose source offers other columns
/// (<see cref="SourceSchema"/>). A stream appears once an extraction has seen its source's columns.
/// </summary>
public static class SchemaDriftApi
{
    /// <summary>Maps the endpoint above on <paramref name="endpoints"/> (the operations API's group, which requires
    /// the viewer role).</summary>
    public static IEndpointRouteBuilder MapSchemaDriftApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/schema-drift", async (SourceSchemaStore store, string? source, bool? drifting,
                CancellationToken cancellationToken) =>
                Results.Ok(await store.ListAsync(source, drifting ?? false, cancellationToken)))
            .WithSummary("How each stream's source columns compare with its spec")
            .Produces<IReadOnlyList<SourceSchema>>();
        return endpoints;
    }
}
