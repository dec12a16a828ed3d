using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests;

public class When_following_a_run_by_its_trace(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>, IDisposable
{
    private readonly ConcurrentActivities _activities = new();

    [Fact]
    public async Task Should_show_the_w3c_trace_id_of_the_run_in_the_api()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
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

    /// <summary>
    /// Records MassTransit's spans as the hosts' tracer does, with OpenTelemetry's in-memory exporter, and gives their
    /// trace ids.
    /// </summary>
    private sealed class ConcurrentActivities : IDisposable
    {
        private readonly LockedActivities _finished = new();
        private readonly TracerProvider _tracer;

        public ConcurrentActivities() =>
            _tracer = Sdk.CreateTracerProviderBuilder().AddSource("MassTransit").AddInMemoryExporter(_finished).Build();

        public ICollection<string> TraceIds
        {
            get
            {
                _tracer.ForceFlush();
                return _finished.Snapshot().Select(a => a.TraceId.ToHexString()).ToHashSet();
            }
        }

        public void Dispose() => _tracer.Dispose();
    }

    /// <summary>The exporter's list, readable while spans still end on other threads.</summary>
    private sealed class LockedActivities : System.Collections.ObjectModel.Collection<Activity>
    {
        private readonly Lock _gate = new();

        public Activity[] Snapshot()
        {
            lock (_gate) return [.. this];
        }

        protected override void InsertItem(int index, Activity item)
        {
            lock (_gate) base.InsertItem(index, item);
        }
    }
}
