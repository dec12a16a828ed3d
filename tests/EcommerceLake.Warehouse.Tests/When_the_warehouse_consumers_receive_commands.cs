using EcommerceLake.Contracts;
using EcommerceLake.Google;
using EcommerceLake.Lake;
using EcommerceLake.Testing;
using FluentAssertions;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace EcommerceLake.Warehouse.Tests;

public sealed class When_the_warehouse_consumers_receive_commands(PostgresDatabase database)
    : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private readonly TempDirectory _lake = new("warehouse-consumer");
    private IHost _host = null!;
    private ITestHarness _harness = null!;

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lake:Root"] = _lake.Path,
            ["ConnectionStrings:Warehouse"] = database.ConnectionString,
        });
        builder.AddLakeStorage();
        builder.AddWarehouse();
        builder.Services.AddLakeTestHarness(x => x.AddWarehouseConsumers());
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
    public async Task Should_publish_StreamLoaded_with_the_merge_counts()
    {
        var runId = Guid.NewGuid();
        var batch = LakePaths.RawBatch("marketplace_sellers", DateOnly.FromDateTime(DateTime.UtcNow), runId);
        var writer = await LakeBatchWriter.OpenAsync(_host.Services.GetRequiredService<ILakeStore>(), batch,
            new CsvRecordFormat(),
            ["_op", "_change_version", "seller_id", "seller_zip_code_prefix", "seller_city", "seller_state"], 1000,
            CancellationToken.None);
        await writer.WriteAsync(["I", "1", "s1", "01310", "sao paulo", "SP"], CancellationToken.None);
        await writer.WriteAsync(["I", "1", "s2", "20000", "rio de janeiro", "RJ"], CancellationToken.None);
        await writer.CompleteAsync("raw", "marketplace", "sellers", runId, null, null, false, CancellationToken.None);

        await _harness.Bus.Publish(new LoadStream
        {
            RunId = runId,
            Source = "marketplace",
            Stream = "sellers",
            RawBatchUri = batch,
            IsFullSnapshot = false,
        });

        (await _harness.Published.Any<StreamLoaded>(m => m.Context.Message.RunId == runId)).Should().BeTrue();
        var loaded = _harness.Published.Select<StreamLoaded>(m => m.Context.Message.RunId == runId).First()
            .Context.Message;
        loaded.Should().BeEquivalentTo(new
        {
            RawRowCount = 2L, TrustedRowCount = 2L, Inserted = 2L, Updated = 0L, Deleted = 0L, Source = "marketplace",
            Stream = "sellers",
        });
    }

    [Fact]
    public async Task Should_publish_StreamLoadFailed_when_the_raw_batch_is_missing()
    {
        var runId = Guid.NewGuid();

        await _harness.Bus.Publish(new LoadStream
        {
            RunId = runId,
            Source = "marketplace",
            Stream = "sellers",
            RawBatchUri = LakePaths.RawBatch("marketplace_sellers", new DateOnly(2020, 1, 1), runId),
            IsFullSnapshot = false,
        });

        (await _harness.Published.Any<StreamLoadFailed>(m => m.Context.Message.RunId == runId)).Should().BeTrue();
        var failed = _harness.Published.Select<StreamLoadFailed>(m => m.Context.Message.RunId == runId).First()
            .Context.Message;
        failed.Error.Should().Contain("_manifest.json");
        failed.Kind.Should().Be(FailureKind.Internal, "a command naming a batch that does not exist is not retried");
    }

    [Fact]
    public async Task Should_publish_MartsBuilt_with_a_row_count_per_mart()
    {
        var runId = Guid.NewGuid();

        await _harness.Bus.Publish(new BuildMarts { RunId = runId });

        (await _harness.Published.Any<MartsBuilt>(m => m.Context.Message.RunId == runId)).Should().BeTrue();
        var built = _harness.Published.Select<MartsBuilt>(m => m.Context.Message.RunId == runId).First()
            .Context.Message;
        built.RowCounts.Keys.Should().BeEquivalentTo(["daily_sales_by_state_category", "review_word_counts",
            "monthly_sales_fx_inflation", "bought_together", "customer_recommendations"]);
    }
}
