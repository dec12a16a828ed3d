using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests;

public class When_following_a_run_by_its_trace(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>, IDisposable
{
    private readonly ConcurrentActivities _activities = new();

    [Fact]
    public async Task Should_show_the_w3c_trace_id_of_the_run_in_the_api()
    {
        await using var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output);
        var runId = await host.RequestRunAsync("reviews");
        await host.CompletedAsync(runId);

        var run = await host.Http.GetFromJsonAsync<JsonElement>($"/runs/{runId}");
        var traceId = run.GetProperty("run").GetProperty("traceId").GetString();

        traceId.Should().MatchRegex("^[0-9a-f]{32}$");
        _activities.TraceIds.Should().Contain(traceId, "the id is the trace of the spans the run produced");
        var listed = await host.Http.GetFromJsonAsync<JsonElement>("/runs");
        listed[0].GetProperty("traceId").GetString().Should().Be(traceId);
    }

    public void Dispose() => _activities.Dispose();

    /// <summary>Listens to MassTransit's spans (as the OpenTelemetry tracer of the hosts does) and keeps their trace ids.</summary>
    private sealed class ConcurrentActivities : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _traceIds = new();

        public ConcurrentActivities()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "MassTransit",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStarted = activity => _traceIds.TryAdd(activity.TraceId.ToHexString(), true),
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public ICollection<string> TraceIds => _traceIds.Keys;

        public void Dispose() => _listener.Dispose();
    }
}
