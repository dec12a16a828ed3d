using EcommerceLake.Hosting;
using EcommerceLake.Orchestrator.Dashboard.Pages;
using EcommerceLake.Orchestrator.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace EcommerceLake.Orchestrator.Dashboard;

/// <summary>
/// The operations dashboard: server-rendered HTML under <c>/dashboard</c> (overview, runs, a run's timeline,
/// streams, lineage, alerts), refreshed by htmx polling while runs are active, charts by ECharts; the libraries are
/// vendored from npm at build time and served from the assembly (<see cref="DashboardAssets"/>). Pages need the viewer
/// role, buttons the operator role (<see cref="OperationsRoles"/>); sign-in is the operations API's
/// (<see cref="OperationsAuthRegistration"/>).
/// </summary>
public static class DashboardRegistration
{
    /// <summary>
    /// Registers section <c>Dashboard</c> (<see cref="DashboardOptions"/>), antiforgery (form field and cookie
    /// <c>lake.af</c>) and the marts reader. Needs <c>AddOrchestrator</c> and
    /// <c>AddOperationsApi</c>.
    /// </summary>
    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DashboardOptions>(DashboardOptions.Section);
        builder.Services.AddAntiforgery(o => o.Cookie.Name = "lake.af");
        builder.Services.TryAddSingleton<MartsGlance>();
        return builder;
    }

    /// <summary>Maps the pages, fragments, buttons and assets; <c>/</c> redirects to <c>/dashboard</c>.</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.MapGet("/", () => Results.Redirect("/dashboard")).ExcludeFromDescription().AllowAnonymous();
        app.MapGet("/dashboard/assets/{**path}", DashboardAssets.Serve).ExcludeFromDescription().AllowAnonymous();
        var pages = app.MapGroup("/dashboard").ExcludeFromDescription()
            .RequireAuthorization(OperationsRoles.Viewer);
        pages.MapGet("", OverviewPage.Handle);
        pages.MapGet("/runs", RunsPage.Handle);
        pages.MapGet("/runs/{runId:guid}", RunPage.Handle);
        pages.MapGet("/streams", StreamsPage.Handle);
        pages.MapGet("/streams/{source}/{stream}", StreamsPage.Stream);
        pages.MapGet("/lineage", LineagePage.Handle);
        pages.MapGet("/alerts", AlertsPage.Handle);
        pages.MapGet("/fragments/runs", RunsPage.Fragment);
        pages.MapGet("/fragments/runs/{runId:guid}", RunPage.Fragment);
        pages.MapGet("/fragments/lineage", LineagePage.Fragment);
        pages.MapPost("/runs", DashboardActions.StartRun).RequireAuthorization(OperationsRoles.Operator)
            .DisableAntiforgery();
        pages.MapPost("/streams/{source}/{stream}/switch", DashboardActions.SwitchStream)
            .RequireAuthorization(OperationsRoles.Operator).DisableAntiforgery();
        pages.MapPost("/schedules/{source}/{action}", DashboardActions.SwitchSchedule)
            .RequireAuthorization(OperationsRoles.Operator).DisableAntiforgery();
        pages.MapPost("/runs/{runId:guid}/cancel", DashboardActions.CancelRun)
            .RequireAuthorization(OperationsRoles.Operator).DisableAntiforgery();
        pages.MapPost("/streams/{source}/{stream}/reset", DashboardActions.ResetOffset)
            .RequireAuthorization(OperationsRoles.Operator).DisableAntiforgery();
        return app;
    }
}
