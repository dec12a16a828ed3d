using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;

namespace EcommerceLake.Orchestrator.Dashboard;

/// <summary>
/// Serves <c>GET /dashboard/assets/{path}</c> from the files embedded at build time (the project's <c>wwwroot</c>:
/// the dashboard's own CSS and JavaScript and, under <c>vendor/</c>, the npm libraries copied there by the build).
/// Answers 404 for anything else; assets are immutable per build, so they are cached for a day.
/// </summary>
internal static class DashboardAssets
{
    private static readonly Assembly Assembly = typeof(DashboardAssets).Assembly;
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IResult Serve(string path, HttpContext http)
    {
        if (path.Contains("..", StringComparison.Ordinal)) return Results.NotFound();
        var stream = Assembly.GetManifestResourceStream("dashboard/" + path);
        if (stream is null) return Results.NotFound();
        if (!ContentTypes.TryGetContentType(path, out var type)) type = "application/octet-stream";
        http.Response.Headers.CacheControl = "public, max-age=86400";
        return Results.Stream(stream, type);
    }

    /// <summary>Whether the asset exists (the build embedded it).</summary>
    public static bool Exists(string path) =>
        Assembly.GetManifestResourceInfo("dashboard/" + path) is not null;
}
