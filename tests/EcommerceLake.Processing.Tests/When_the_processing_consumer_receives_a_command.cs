using EcommerceLake.Contracts;
using EcommerceLake.Google;
using EcommerceLake.Lake;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using FluentAssertions;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace EcommerceLake.Processing.Tests;

public sealed class When_the_processing_consumer_receives_a_command : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("processing-consumer");
    private IHost _host = null!;
    private ITestHarness _harness = null!;

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lake:Root"] = _directory.Path, ["Lake:PartRows"] = "1000"
        });
        builder.AddLakeStorage();
        builder.AddProcessing();
        builder.Services.AddLakeTestHarness(x => x.AddProcessingConsumers());
        _host = builder.Build();
        _harness = _host.Services.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    public async Task DisposeAsync()
    {
        await _harness.Stop();
        _host.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Should_publish_StreamProcessed_with_row_and_rejected_counts()
    {
        var lake = _host.Services.GetRequiredService<ILakeStore>();
        var spec = StreamCatalog.Default.Get("marketplace", "customers");
        var runId = Guid.NewGuid();
        var land = await LandBatches.WriteAsync(lake, runId, spec,
            [["I", "1", "c1", "u1", "01310", "sao paulo", "SP"], ["I", "?", "c2", "u2", "01310", "sao paulo", "SP"]]);

        await _harness.Bus.Publish(new ProcessStream
        {
            RunId = runId,
            Source = "marketplace",
            Stream = "customers",
            LandBatchUri = land,
            IsFullSnapshot = false,
        });

        (await _harness.Published.Any<StreamProcessed>(m => m.Context.Message.RunId == runId)).Should().BeTrue();
        var processed = _harness.Published.Select<StreamProcessed>(m => m.Context.Message.RunId == runId).First()
            .Context.Message;
        processed.RowCount.Should().Be(1);
        processed.RejectedCount.Should().Be(1);
        processed.RawBatchUri.Should().StartWith("raw/marketplace_customers/ingest_date=");
        (await LakeBatchReader.TryReadManifestAsync(lake, processed.RawBatchUri, CancellationToken.None)).Should()
            .NotBeNull();
    }

    [Fact]
    public async Task Should_publish_StreamProcessingFailed_when_the_land_batch_is_missing()
    {
        var runId = Guid.NewGuid();

        await _harness.Bus.Publish(new ProcessStream
        {
            RunId = runId,
            Source = "marketplace",
            Stream = "customers",
            LandBatchUri = LakePaths.LandBatch("marketplace", "customers", runId),
            IsFullSnapshot = false,
        });

        (await _harness.Published.Any<StreamProcessingFailed>(m => m.Context.Message.RunId == runId)).Should().BeTrue();
        var failed = _harness.Published.Select<StreamProcessingFailed>(m => m.Context.Message.RunId == runId).First()
            .Context.Message;
        failed.Error.Should().Contain("_manifest.json");
        failed.Kind.Should()
            .Be(FailureKind.Internal, "a command naming a batch that does not exist is the platform's fault");
        _harness.Published.Select<StreamProcessed>(m => m.Context.Message.RunId == runId).Should()
            .BeEmpty("the failure was published instead");
    }
}
