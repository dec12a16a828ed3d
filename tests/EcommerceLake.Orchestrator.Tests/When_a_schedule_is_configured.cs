using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests;

public class When_a_schedule_is_configured(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_request_a_run_of_the_source_each_time_the_interval_elapses()
    {
        var clock = new ManualTimeProvider();
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            settings: new Dictionary<string, string?> { ["Orchestrator:Schedules:files"] = "00:15:00" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        await clock.WaitForTimerAsync(TimeSpan.FromMinutes(15));

        clock.Advance(TimeSpan.FromMinutes(14));
        host.Log.All<RequestRun>().Should().BeEmpty("the interval has not elapsed yet");
        clock.Advance(TimeSpan.FromMinutes(1));
        var first = await host.Log.WaitForOneAsync<RunAccepted>(a => a.Trigger == RunTrigger.Schedule);
        await host.CompletedAsync(first.RunId);
        clock.Advance(TimeSpan.FromMinutes(15));
        var runs = await host.Log.WaitForAsync<RunAccepted>(a => a.Trigger == RunTrigger.Schedule, count: 2);

        runs.Should().OnlyContain(a => a.Sources.Single() == "files" && a.RequestedBy == "scheduler");
        runs.Select(a => a.RunId).Distinct().Should().HaveCount(2);
    }

    [Fact]
    public async Task Should_refuse_to_start_with_a_schedule_for_an_unknown_source()
    {
        var start = () => OrchestratorTestHost.StartAsync(database.ConnectionString, output,
            settings: new Dictionary<string, string?> { ["Orchestrator:Schedules:crm"] = "00:15:00" });

        (await start.Should().ThrowAsync<InvalidOperationException>())
            .WithMessage("*Orchestrator:Schedules:crm*unknown source*");
    }
}
