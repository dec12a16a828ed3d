using System.Security.Claims;
using System.Text;
using EcommerceLake.Orchestrator.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using static EcommerceLake.Orchestrator.Dashboard.Html;

namespace EcommerceLake.Orchestrator.Dashboard;

/// <summary>The page frame: head with the vendored assets, navigation, who is signed in, and the content.</summary>
internal static class Layout
{
    public static IResult Page(HttpContext http, string title, string active, string body, bool charts = false)
    {
        var user = http.User;
        var html = new StringBuilder();
        html.Append($$"""
            <!doctype html>
            <html lang="en" data-theme="light">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(title)}} · EcommerceLake</title>
            <link rel="stylesheet" href="/dashboard/assets/vendor/pico.min.css">
            <link rel="stylesheet" href="/dashboard/assets/dashboard.css">
            <script src="/dashboard/assets/vendor/htmx.min.js" defer></script>
            """);
        if (charts)
            html.Append("""
                <script src="/dashboard/assets/vendor/echarts.min.js" defer></script>
                <script src="/dashboard/assets/vendor/echarts-wordcloud.min.js" defer></script>
                """);
        html.Append($$"""
            <script src="/dashboard/assets/dashboard.js" defer></script>
            </head>
            <body>
            <header class="topbar">
              <nav class="container-fluid">
                <ul><li><a href="/dashboard" class="brand"><span class="logo">◆</span> EcommerceLake</a></li></ul>
                <ul>
                  {{Nav("/dashboard", "Overview", active)}}
                  {{Nav("/dashboard/runs", "Runs", active)}}
                  {{Nav("/dashboard/streams", "Streams", active)}}
                  {{Nav("/dashboard/lineage", "Lineage", active)}}
                  {{Nav("/dashboard/alerts", "Alerts", active)}}
                </ul>
                <ul><li class="who" data-testid="principal">{{E(OperatorPrincipal.NameOf(user))}}
                  <small>{{E(RoleOf(user))}}</small></li></ul>
              </nav>
            </header>
            <main class="container">
            {{body}}
            </main>
            <footer class="container"><small>Operations API: <a href="/openapi/v1.json">OpenAPI</a> ·
              health: <a href="/health/ready">ready</a></small></footer>
            </body>
            </html>
            """);
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    /// <summary>A fragment (htmx swap) as HTML.</summary>
    public static IResult Fragment(string html) => Results.Content(html, "text/html; charset=utf-8");

    /// <summary>The hidden antiforgery field for a form posted with the user's cookies.</summary>
    public static string Antiforgery(HttpContext http)
    {
        var tokens = http.RequestServices.GetService(typeof(IAntiforgery)) is IAntiforgery antiforgery
            ? antiforgery.GetAndStoreTokens(http) : null;
        return tokens?.RequestToken is { } token
            ? $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(token)}\">"
            : "";
    }

    /// <summary>The highest operations role of <paramref name="user"/>.</summary>
    public static string RoleOf(ClaimsPrincipal user) =>
        OperationsRoles.All.Reverse().FirstOrDefault(user.IsInRole) ?? "no role";

    private static string Nav(string href, string label, string active) =>
        $"<li><a href=\"{href}\"{(label == active ? " aria-current=\"page\"" : "")}>{label}</a></li>";
}
