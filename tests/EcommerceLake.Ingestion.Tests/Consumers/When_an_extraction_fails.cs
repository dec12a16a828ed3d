using System.Net;
using EcommerceLake.Contracts;
using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Ingestion.Connectors.Marketplace;
using EcommerceLake.Ingestion.Consumers;
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
/// <see cref="ExtractStreamConsumer"/> on the production receive pipeline with a scripted connector for
/// <c>files</c>: transient source failures are retried (the unfinished land batch starts again), the others are
/// published as <see cref="StreamExtractionFailed"/> with their kind and never retried.
/// </summary>
public sealed class When_an_extraction_fails : IAsyncLifetime
{
    private readonly TempDirectory _lake = new("ingestion-failures");
    private readonly ScriptedConnector _connector = new();
    private IHost _host = null!;
    private ITestHarness _harness = null!;

    public async Task InitializeAsync()
    {
        var builder = IngestionConsumerHost.Create(_lake.Path, _connector, new Dictionary<string, string?>
        {
            ["Bus:StepRetry:Limit"] = "3",
            ["Bus:StepRetry:MinInterval"] = "00:00:00.010",
            ["Bus:StepRetry:MaxInterval"] = "00:00:00.100",
            ["Bus:StepRetry:IntervalDelta"] = "00:00:00.010",
        });
        builder.Services.AddLakeBusTestHarness(x => x.AddIngestionConsumers());
        _host = builder.Build();
        _harness = _host.Services.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    public async Task DisposeAsync()
    {
        await _harness.Stop();
        _host.Dispose();
        _lake.Dispose();
    }

    [Fact]
    public async Task Should_retry_a_source_answering_503_and_publish_only_StreamExtracted()
    {
        _connector.FailuresLeft = 2;
        _connector.Failure = () => new SourceUnavailableException(
            "GET /sellers answered 503 Service Unavailable", statusCode: HttpStatusCode.ServiceUnavailable);
        var runId = Guid.NewGuid();

        await _harness.Bus.Publish(new ExtractStream
        {
            RunId = runId,
            Source = "files",
            Stream = "sellers",
            Offset = null,
            ForceFull = false,
        });

        (await _harness.Published.Any<StreamExtracted>(m => m.Context.Message.RunId == runId)).Should().BeTrue();
        _harness.Published.Select<StreamExtracted>(m => m.Context.Message.RunId == runId).Single()
            .Context.Message.RowCount.Should().Be(1, "each attempt starts the unfinished batch again");
        _connector.Attempts.Should().Be(3);
        _harness.Published.Select<StreamExtractionFailed>(m => m.Context.Message.RunId == runId).Should().BeEmpty();
    }

    [Fact]
    public async Task Should_publish_kind_SourceData_once_for_an_expired_change_tracking_offset()
    {
        _connector.FailuresLeft = int.MaxValue;
        _connector.Failure = () => new ChangeTrackingOffsetExpiredException("files.sellers", 3, 10);
        var runId = Guid.NewGuid();

        await _harness.Bus.Publish(new ExtractStream
        {
            RunId = runId,
            Source = "files",
            Stream = "sellers",
            Offset = "{\"changeVersion\":3}",
            ForceFull = false,
        });

        (await _harness.Published.Any<StreamExtractionFailed>(m => m.Context.Message.RunId == runId)).Should().BeTrue();
        var failed = _harness.Published.Select<StreamExtractionFailed>(m => m.Context.Message.RunId == runId)
            .Single().Context.Message;
        failed.Kind.Should().Be(FailureKind.SourceData);
        failed.Error.Should().StartWith(nameof(ChangeTrackingOffsetExpiredException) + ": ");
        _connector.Attempts.Should().Be(1);
    }

    [Fact]
    public async Task Should_publish_kind_Configuration_for_an_unknown_stream_or_a_source_without_connector()
    {
        var unknownStream = Guid.NewGuid();
        var noConnector = Guid.NewGuid();

        await _harness.Bus.Publish(new ExtractStream
        {
            RunId = unknownStream,
            Source = "files",
            Stream = "no_such_stream",
            Offset = null,
            ForceFull = false,
        });
        await _harness.Bus.Publish(new ExtractStream
        {
            RunId = noConnector,
            Source = "marketplace",
            Stream = "orders",
            Offset = null,
            ForceFull = false,
        });

        (await _harness.Published.Any<StreamExtractionFailed>(m => m.Context.Message.RunId == unknownStream))
            .Should().BeTrue();
        (await _harness.Published.Any<StreamExtractionFailed>(m => m.Context.Message.RunId == noConnector))
            .Should().BeTrue();
        var failures = _harness.Published.Select<StreamExtractionFailed>(
            m => m.Context.Message.RunId == unknownStream || m.Context.Message.RunId == noConnector)
            .Select(m => m.Context.Message).ToList();
        failures.Should().HaveCount(2).And.OnlyContain(f => f.Kind == FailureKind.Configuration);
        failures.Should().Contain(f => f.Error.Contains("Unknown stream 'files.no_such_stream'"))
            .And.Contain(f => f.Error.Contains("No connector is registered for source 'marketplace'"));
        _connector.Attempts.Should().Be(0);
    }

    /// <summary>The <c>files</c> connector: throws <see cref="Failure"/> first, then lands one row.</summary>
    private sealed class ScriptedConnector : ISourceConnector
    {
        private int _attempts;

        public string Source => "files";

        public int FailuresLeft { get; set; }

        public Func<Exception> Failure { get; set; } = () => new InvalidOperationException("scripted");

        public int Attempts => Volatile.Read(ref _attempts);

        public async Task<ExtractionResult> ExtractAsync(
            ExtractionRequest request, LakeBatchWriter writer, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            await writer.WriteAsync([.. writer.Columns.Select(_ => (string?)null)], cancellationToken);
            if (FailuresLeft-- > 0) throw Failure();
            return new ExtractionResult("{\"files\":[]}", true);
        }
    }
}
