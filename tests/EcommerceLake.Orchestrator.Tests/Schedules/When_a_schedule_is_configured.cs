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

public class When_a_schedule_is_configured(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    [Fact]
    public async Task Should_request_a_run_of_the_source_at_each_tick_and_show_it_in_the_api()
    {
        var clock = new ManualTimeProvider();
        var check = TimeSpan.FromSeconds(7);
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            settings: Settings(("files", "00:15:00"), check: check),
            services: s => s.AddSingleton<TimeProvider>(clock));
        var scheduler = host.Services.GetRequiredService<RunScheduler>();
        (await scheduler.CheckOnceAsync(CancellationToken.None)).Should().Be(0, "the first check only records it");
        var tick = RunSchedule.Parse("files", "00:15:00", TimeZoneInfo.Utc).NextAfter(clock.GetUtcNow())!.Value;
        await clock.WaitForTimerAsync(check);

        clock.Advance(tick - clock.GetUtcNow());
        var first = await host.Log.WaitForOneAsync<RunAccepted>(a => a.Trigger == RunTrigger.Schedule);
        await host.CompletedAsync(first.RunId);
        clock.Advance(TimeSpan.FromMinutes(15));
        var runs = await host.Log.WaitForAsync<RunAccepted>(a => a.Trigger == RunTrigger.Schedule, count: 2);
        await host.CompletedAsync(runs[1].RunId);
        var listed = await Schedules(host);
        var viewer = host.HttpAs("victor", "viewer");
        var cli = await new OperationsClient(viewer).ListSchedulesAsync(CancellationToken.None);
        var overview = await viewer.GetStringAsync("/dashboard");

        runs.Should().OnlyContain(a => a.Sources.Single() == "files" && a.RequestedBy == "scheduler");
        runs.Select(a => a.RunId).Distinct().Should().HaveCount(2);
        tick.Minute.Should().BeOneOf(0, 15, 30, 45);
        listed.Should().ContainSingle().Which.Should().BeEquivalentTo(new ScheduleState
        {
            Source = "files",
            Kind = ScheduleKind.Interval,
            Expression = "00:15:00",
            TimeZone = "UTC",
            NextDueAt = tick + TimeSpan.FromMinutes(30),
            LastDueAt = tick + TimeSpan.FromMinutes(15),
            LastRequestedAt = tick + TimeSpan.FromMinutes(15),
            LastTicks = 1,
            LastRunId = runs[1].RunId,
            LastRunState = "Completed",
        });
        cli.EnumerateArray().Single().GetProperty("lastRunId").GetGuid().Should().Be(runs[1].RunId);
        overview.Should().Contain("<tr data-schedule=\"files\">").And.Contain("every <code>00:15:00</code>")
            .And.Contain($"<a href=\"/dashboard/runs/{runs[1].RunId}\">");
    }

    [Fact]
    public async Task Should_run_a_cron_schedule_at_its_time_in_the_schedule_time_zone()
    {
        var clock = new ManualTimeProvider();
        var settings = Settings(("marketplace", "0 2 * * *"));
        settings["Orchestrator:ScheduleTimeZone"] = "America/Sao_Paulo";
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            settings: settings, services: s => s.AddSingleton<TimeProvider>(clock));
        var scheduler = host.Services.GetRequiredService<RunScheduler>();
        await scheduler.CheckOnceAsync(CancellationToken.None);
        // São Paulo keeps UTC-3 all year, so 02:00 there is 05:00Z.
        var now = clock.GetUtcNow();
        var expected = new DateTimeOffset(now.Year, now.Month, now.Day, 5, 0, 0, TimeSpan.Zero);
        if (expected <= now) expected = expected.AddDays(1);

        (await Schedules(host)).Single().NextDueAt.Should().Be(expected);
        clock.Advance(expected - now - TimeSpan.FromSeconds(1));
        (await scheduler.CheckOnceAsync(CancellationToken.None)).Should().Be(0, "02:00 has not come yet");
        clock.Advance(TimeSpan.FromSeconds(1));
        (await scheduler.CheckOnceAsync(CancellationToken.None)).Should().Be(1);
        var run = await host.Log.WaitForOneAsync<RunAccepted>(a => a.Trigger == RunTrigger.Schedule);
        await host.CompletedAsync(run.RunId);

        run.Sources.Should().Equal("marketplace");
        var listed = (await Schedules(host)).Single();
        listed.Should().BeEquivalentTo(new
        {
            Kind = ScheduleKind.Cron,
            Expression = "0 2 * * *",
            TimeZone = "America/Sao_Paulo",
            LastDueAt = expected,
            NextDueAt = expected.AddDays(1),
            LastRunId = run.RunId,
            LastRunState = "Completed",
        });
    }

    [Fact]
    public async Task Should_request_each_tick_once_however_many_orchestrators_check_it()
    {
        var clock = new ManualTimeProvider();
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            settings: Settings(("economics", "00:05:00")), services: s => s.AddSingleton<TimeProvider>(clock));
        // Three orchestrator instances on one database: the host's scheduler and two more.
        var schedulers = new[]
        {
            host.Services.GetRequiredService<RunScheduler>(),
            ActivatorUtilities.CreateInstance<RunScheduler>(host.Services),
            ActivatorUtilities.CreateInstance<RunScheduler>(host.Services),
        };
        foreach (var scheduler in schedulers) await scheduler.CheckOnceAsync(CancellationToken.None);
        var tick = RunSchedule.Parse("economics", "00:05:00", TimeZoneInfo.Utc).NextAfter(clock.GetUtcNow())!.Value;

        clock.Advance(tick - clock.GetUtcNow());
        var requested = await Task.WhenAll(schedulers.Select(s => Task.Run(() => s.CheckOnceAsync(default))));
        var run = await host.Log.WaitForOneAsync<RunAccepted>(a => a.Trigger == RunTrigger.Schedule);
        await host.CompletedAsync(run.RunId);
        var again = await Task.WhenAll(schedulers.Select(s => s.CheckOnceAsync(CancellationToken.None)));

        requested.Sum().Should().Be(1, "the row's lock lets one instance take the tick");
        again.Sum().Should().Be(0, "the next tick is five minutes away");
        (await host.ScalarAsync<long>("SELECT count(*) FROM orchestrator.pipeline_runs WHERE trigger = 'schedule'"))
            .Should().Be(1);
    }

    [Fact]
    public async Task Should_run_the_latest_tick_once_after_a_time_without_orchestrators()
    {
        var clock = new ManualTimeProvider();
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            settings: Settings(("files", "00:15:00")), services: s => s.AddSingleton<TimeProvider>(clock));
        await host.Services.GetRequiredService<RunScheduler>().CheckOnceAsync(CancellationToken.None);
        var tick = RunSchedule.Parse("files", "00:15:00", TimeZoneInfo.Utc).NextAfter(clock.GetUtcNow())!.Value;

        // Nobody checks for 50 minutes past the tick (ticks at +0, +15, +30 and +45 pass), then an orchestrator
        // starts: a new scheduler, which finds the stored tick due.
        clock.Advance(tick + TimeSpan.FromMinutes(50) - clock.GetUtcNow());
        var restarted = ActivatorUtilities.CreateInstance<RunScheduler>(host.Services);
        (await restarted.CheckOnceAsync(CancellationToken.None)).Should().Be(1);
        (await restarted.CheckOnceAsync(CancellationToken.None)).Should().Be(0);
        var run = await host.Log.WaitForOneAsync<RunAccepted>(a => a.Trigger == RunTrigger.Schedule);
        await host.CompletedAsync(run.RunId);

        (await Schedules(host)).Single().Should().BeEquivalentTo(new
        {
            LastDueAt = tick + TimeSpan.FromMinutes(45),
            LastTicks = 4L,
            NextDueAt = tick + TimeSpan.FromMinutes(60),
            LastRunId = run.RunId,
        });
    }

    [Theory]
    [InlineData("crm", "00:15:00", "UTC", "*Orchestrator:Schedules:crm: unknown source*")]
    [InlineData("files", "0 25 * * *", "UTC", "*Orchestrator:Schedules:files: '0 25 * * *' is neither an interval*")]
    [InlineData("files", "00:00:00", "UTC", "*Orchestrator:Schedules:files: the interval*at least one second*")]
    [InlineData("files", "@daily", "Mars/Olympus", "*Orchestrator:ScheduleTimeZone: 'Mars/Olympus' is not a time*")]
    public async Task Should_refuse_to_start_with_a_schedule_it_cannot_read_and_name_the_key(
        string source, string expression, string zone, string message)
    {
        var settings = Settings((source, expression));
        settings["Orchestrator:ScheduleTimeZone"] = zone;
        var start = async () =>
        {
            await using var host = await OrchestratorTestHost.StartAsync(
                await database.CreateDatabaseAsync("orch"), output, settings: settings);
        };

        (await start.Should().ThrowAsync<InvalidOperationException>()).WithMessage(message);
    }

    /// <summary>One schedule, checked by the host every <paramref name="check"/> (a day unless given: only the
    /// tests' own checks act within a test).</summary>
    private static Dictionary<string, string?> Settings((string Source, string Expression) schedule,
        TimeSpan? check = null) => new()
    {
        [$"Orchestrator:Schedules:{schedule.Source}"] = schedule.Expression,
        ["Orchestrator:ScheduleCheckInterval"] = (check ?? TimeSpan.FromDays(1)).ToString(),
    };

    private static async Task<IReadOnlyList<ScheduleState>> Schedules(OrchestratorTestHost host) =>
        (await host.HttpAs("victor", "viewer").GetFromJsonAsync<List<ScheduleState>>("/schedules", Json))!;
}
