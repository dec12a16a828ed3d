using System.Globalization;
using System.Text.Json;
using EcommerceLake.Orchestrator.Runs;
using EcommerceLake.Orchestrator.Schedules;
using EcommerceLake.Streams;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using static EcommerceLake.Orchestrator.Dashboard.Html;

namespace EcommerceLake.Orchestrator.Dashboard.Pages;

/// <summary>
/// <c>GET /dashboard</c>: the latest runs (refreshing), figures at a glance, the trigger form, the schedules
/// (<see cref="ScheduleTable"/>), and the marts: revenue per day (ECharts line) and the review word cloud
/// (echarts-wordcloud).
/// </summary>
internal static class OverviewPage
{
    public static async Task<IResult> Handle(HttpContext http, RunQueries queries, StreamCatalog catalog,
        MartsGlance marts, ScheduleStore schedules, IOptions<DashboardOptions> options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var runs = await queries.ListRunDetailsAsync(10, RunFilter.None, cancellationToken);
        var offsets = await queries.ListOffsetsAsync(cancellationToken);
        var alerts = await queries.ListAlertsAsync(100, null, cancellationToken);
        var glance = await marts.ReadAsync(120, cancellationToken);
        var scheduled = await schedules.ListAsync(cancellationToken);
        var last = runs.FirstOrDefault(r => r.Run.CompletedAt is not null)?.Run;
        var active = runs.Count(r => r.Run.CompletedAt is null);
        var fresh = offsets.Count(o => now - o.CommittedAt <= options.Value.FreshnessWarning);
        var dayAlerts = alerts.Count(a => now - a.RaisedAt <= TimeSpan.FromDays(1));
        var sales = JsonSerializer.Serialize(new
        {
            days = glance.Sales.Select(s => s.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            revenue = glance.Sales.Select(s => Math.Round(s.Revenue, 2)),
            orders = glance.Sales.Select(s => s.Orders),
        });
        var words = JsonSerializer.Serialize(glance.Words.Select(w => new { name = w.Text, value = w.Reviews }));
        var body = $"""
            <hgroup><h1>Overview</h1><p>Runs, streams and marts of this lake, live.</p></hgroup>
            <div class="cards">
              <article class="card"><header>Last run</header>
                <p class="figure">{(last is null ? "—" : Badge(last.State))}</p>
                <small>{(last is null ? "no run has ended yet"
                    : $"{E(Ago(last.CompletedAt, now))} · {Duration(last.DurationSeconds)}")}</small></article>
              <article class="card"><header>Active runs</header><p class="figure">{active}</p>
                <small>{(active == 0 ? "idle"
                    : "refreshing every " + options.Value.RefreshSeconds + " s")}</small></article>
              <article class="card"><header>Fresh streams</header>
                <p class="figure">{fresh}<span class="of">/{catalog.All.Count}</span></p>
                <small>loaded within {E(Duration(options.Value.FreshnessWarning.TotalSeconds))}</small></article>
              <article class="card"><header>Alerts (24 h)</header><p class="figure{(dayAlerts > 0
                  ? " bad-text" : "")}">{dayAlerts}</p>
                <small><a href="/dashboard/alerts">see alerts</a></small></article>
            </div>
            <div class="grid two">
              <article><header><strong>Start a run</strong></header>{Forms.TriggerRun(http, catalog)}</article>
              <article><header><strong>Revenue per day</strong>
                <small>marts.daily_sales_by_state_category, BRL</small></header>
                {(glance.Sales.Count > 0
                    ? $"<div class=\"chart\" id=\"sales-chart\" data-testid=\"sales-chart\"></div>"
                        + $"<script type=\"application/json\" id=\"sales-data\">{sales}</script>"
                    : $"<p class=\"note\">{E(glance.Note)}</p>")}
              </article>
            </div>
            <article><header><strong>Latest runs</strong>
              <a href="/dashboard/runs" class="more">all runs →</a></header>
            {RunTable.Render(runs, 10, options.Value.RefreshSeconds, now)}
            </article>
            <article id="schedules"><header><strong>Schedules</strong></header>
            {ScheduleTable.Render(http, scheduled, now)}
            </article>
            <article><header><strong>What reviewers say</strong>
              <small>marts.review_word_counts, by reviews using the word</small></header>
            {(glance.Words.Count > 0
                ? $"<div class=\"chart tall\" id=\"word-cloud\" data-testid=\"word-cloud\"></div>"
                    + $"<script type=\"application/json\" id=\"words-data\">{words}</script>"
                : $"<p class=\"note\">{E(glance.Note ?? "No review words yet.")}</p>")}
            </article>
            """;
        return Layout.Page(http, "Overview", "Overview", body, charts: true);
    }
}
