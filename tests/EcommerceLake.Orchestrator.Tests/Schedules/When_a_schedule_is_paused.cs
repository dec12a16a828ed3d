using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using EcommerceLake.Cli.Operations;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Schedules;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests.Schedules;

public class When_a_schedule_is_paused(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    [Fact]
    public async Task Should_let_its_ticks_pass_without_runs_and_run_from_the_next_tick_once_resumed()
    {
        var clock = new ManualTimeProvider();
        await using var host = await StartAsync(clock);
        var scheduler = host.Services.GetRequiredService<RunScheduler>();
        await scheduler.CheckOnceAsync(CancellationToken.None);
        var tick = RunSchedule.Parse("economics", "00:05:00", TimeZoneInfo.Utc).NextAfter(clock.GetUtcNow())!.Value;

        var paused = await ControlAsync(host.HttpAs("olga", "operator"), "pause", "the SGS API is down all day");
        clock.Advance(tick - clock.GetUtcNow());
        var atFirst = await scheduler.CheckOnceAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(5));
        var atSecond = await scheduler.CheckOnceAsync(CancellationToken.None);
        var whilePaused = (await Schedules(host)).Single();
        var overview = await host.HttpAs("victor", "viewer").GetStringAsync("/dashboard");
        var resumed = await ControlAsync(host.HttpAs("rita", "operator"), "resume", "the SGS API is back");
        clock.Advance(TimeSpan.FromMinutes(5));
        var afterResume = await scheduler.CheckOnceAsync(CancellationToken.None);
        var run = await host.Log.WaitForOneAsync<RunAccepted>(a => a.Trigger == RunTrigger.Schedule);
        await host.CompletedAsync(run.RunId);
        var audit = await host.HttpAs("victor", "viewer")
            .GetFromJsonAsync<List<ScheduleAuditEntry>>("/schedules/audit?source=economics", Json);

        paused.GetProperty("schedule").GetProperty("pausedBy").GetString().Should().Be("olga");
        paused.GetProperty("audit").GetProperty("action").GetString().Should().Be("Pause");
        (atFirst, atSecond).Should().Be((0, 0), "a paused schedule's ticks request no run");
        whilePaused.Should().BeEquivalentTo(new
        {
            PausedBy = "olga", PausedReason = "the SGS API is down all day", PausedTicks = 2L,
            NextDueAt = tick + TimeSpan.FromMinutes(10), LastRunId = (Guid?)null,
        });
        overview.Should().Contain("data-testid=\"schedule-paused\"").And.Contain("2 ticks passed")
            .And.Contain("paused by olga: the SGS API is down all day");
        resumed.GetProperty("schedule").GetProperty("pausedAt").ValueKind.Should().Be(JsonValueKind.Null);
        resumed.GetProperty("schedule").GetProperty("nextDueAt").GetDateTimeOffset().Should()
            .Be(tick + TimeSpan.FromMinutes(10), "the resumed schedule runs from its next tick");
        afterResume.Should().Be(1);
        run.Sources.Should().Equal("economics");
        host.Log.All<RunAccepted>(a => a.Trigger == RunTrigger.Schedule).Should().ContainSingle();
        audit!.Select(a => (a.Action, a.RequestedBy)).Should()
            .Equal((ScheduleAction.Resume, "rita"), (ScheduleAction.Pause, "olga"));
    }

    [Fact]
    public async Task Should_not_catch_up_the_ticks_no_orchestrator_checked_while_it_was_paused()
    {
        var clock = new ManualTimeProvider();
        await using var host = await StartAsync(clock);
        var scheduler = host.Services.GetRequiredService<RunScheduler>();
        await scheduler.CheckOnceAsync(CancellationToken.None);
        var tick = RunSchedule.Parse("economics", "00:05:00", TimeZoneInfo.Utc).NextAfter(clock.GetUtcNow())!.Value;
        await ControlAsync(host.Http, "pause", "maintenance");

        clock.Advance(tick - clock.GetUtcNow() + TimeSpan.FromMinutes(12)); // three ticks, none checked
        await ControlAsync(host.Http, "resume", "maintenance over");
        var requested = await ActivatorUtilities.CreateInstance<RunScheduler>(host.Services)
            .CheckOnceAsync(CancellationToken.None);

        requested.Should().Be(0, "the ticks passed while it was paused are not run at its resume");
        (await Schedules(host)).Single().NextDueAt.Should().Be(tick + TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task Should_refuse_a_pause_without_a_reason_of_an_unscheduled_source_or_by_a_viewer()
    {
        await using var host = await StartAsync(new ManualTimeProvider());
        var command = new RootCommand { ScheduleCommands.Create() };

        using var noReason = await host.Http.PostAsJsonAsync("/schedules/economics/pause", new { });
        using var unscheduled = await host.Http.PostAsJsonAsync("/schedules/files/pause", new { reason = "x" });
        using var viewer = await host.HttpAs("victor", "viewer")
            .PostAsJsonAsync("/schedules/economics/pause", new { reason = "x" });
        var cli = await command.Parse(["schedules", "pause", "files", "--reason", "x", "--api",
            host.BaseAddress.ToString(), "--token", TestTokens.For("olga", ["operator"])]).InvokeAsync();
        var cliPause = await command.Parse(["schedules", "pause", "economics", "--reason", "from the shell",
            "--api", host.BaseAddress.ToString(), "--token", TestTokens.For("olga", ["operator"])]).InvokeAsync();

        noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        unscheduled.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unscheduled.Content.ReadAsStringAsync()).Should().Contain("Scheduled sources: economics");
        viewer.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        cli.Should().Be(1, "the orchestrator refused: no schedule of files");
        cliPause.Should().Be(0);
        (await Schedules(host)).Single().PausedReason.Should().Be("from the shell");
    }

    private async Task<OrchestratorTestHost> StartAsync(ManualTimeProvider clock) =>
        await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            settings: new Dictionary<string, string?>
            {
                ["Orchestrator:Schedules:economics"] = "00:05:00",
                ["Orchestrator:ScheduleCheckInterval"] = TimeSpan.FromDays(1).ToString(),
            },
            services: s => s.AddSingleton<TimeProvider>(clock));

    private static async Task<JsonElement> ControlAsync(HttpClient http, string action, string reason)
    {
        using var answer = await http.PostAsJsonAsync($"/schedules/economics/{action}", new { reason });
        answer.StatusCode.Should().Be(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        return await answer.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<IReadOnlyList<ScheduleState>> Schedules(OrchestratorTestHost host) =>
        (await host.HttpAs("victor", "viewer").GetFromJsonAsync<List<ScheduleState>>("/schedules", Json))!;
}
