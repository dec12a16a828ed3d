using EcommerceLake.Contracts;
using EcommerceLake.Hosting;
using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Lake;
using EcommerceLake.Testing;
using FluentAssertions;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Consumers;

/// <summary>
/// The ingestion endpoint takes <c>Ingestion:ConcurrentExtractions</c> commands at once, whatever the bus's own limit:
/// three extractions of <c>files</c>, each held until all three have started, on a bus that lets every other endpoint
/// handle one message at a time.
/// </summary>
public sealed class When_a_run_extracts_many_streams : IAsyncLifetime
{
    private static readonly string[] Streams = ["sellers", "products", "category_translation"];
    private readonly TempDirectory _lake = new("ingestion-concurrency");
    private readonly GatedConnector _connector = new(3);
    private IHost _host = null!;
    private ITestHarness _harness = null!;

    public async Task InitializeAsync()
    {
        var builder = IngestionConsumerHost.Create(_lake.Path, _connector,
            new Dictionary<string, string?> { ["Ingestion:ConcurrentExtractions"] = "3" });
        builder.Services.AddMassTransitTestHarness(x =>
        {
            x.AddIngestionConsumers();
            x.UsingInMemory((context, cfg) =>
            {
                cfg.ConcurrentMessageLimit = 1;
                BusRegistration.ConfigureLakeEndpoints(context, cfg);
            });
        });
        _host = builder.Build();
        _harness = _host.Services.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    public async Task DisposeAsync()
    {
        _connector.Release(); // so that a failed run of the test does not leave extractions waiting on the stop
        await _harness.Stop();
        _host.Dispose();
        _lake.Dispose();
    }

    [Fact]
    public async Task Should_start_them_together()
    {
        var runId = Guid.NewGuid();

        foreach (var stream in Streams)
            await _harness.Bus.Publish(new ExtractStream
            {
                RunId = runId, Source = "files", Stream = stream, Offset = null, ForceFull = false,
            });

        var together = await Task.WhenAny(_connector.AllStarted, Task.Delay(TimeSpan.FromSeconds(30)));
        together.Should().BeSameAs(_connector.AllStarted,
            "with fewer than three at once the first would wait for the others forever");
        foreach (var stream in Streams)
            (await _harness.Published.Any<StreamExtracted>(m => m.Context.Message.RunId == runId
                && m.Context.Message.Stream == stream)).Should().BeTrue($"{stream} is extracted once released");
    }

    /// <summary>Holds every extraction until <c>count</c> of them have started.</summary>
    private sealed class GatedConnector(int count) : ISourceConnector
    {
        private readonly TaskCompletionSource _allStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _started;

        public string Source => "files";

        public Task AllStarted => _allStarted.Task;

        public void Release() => _allStarted.TrySetResult();

        public async Task<ExtractionResult> ExtractAsync(
            ExtractionRequest request, LakeBatchWriter writer, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _started) == count) _allStarted.TrySetResult();
            await _allStarted.Task.WaitAsync(cancellationToken);
            await writer.WriteAsync([.. writer.Columns.Select(_ => (string?)null)], cancellationToken);
            return new ExtractionResult("{\"files\":[]}", true);
        }
    }
}
