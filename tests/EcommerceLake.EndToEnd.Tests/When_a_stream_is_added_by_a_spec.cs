using EcommerceLake.Cli.Embedded;
using EcommerceLake.Contracts;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using EcommerceLake.Testing.Bus;
using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EcommerceLake.EndToEnd.Tests;

/// <summary>
/// The README's "Adding a stream": a new stream of an existing source (here a second kind of CSV for the files source)
/// is one spec, and nothing else changes — no connector code, no DDL, no warehouse or orchestrator change. The specs
/// ship as embedded resources of EcommerceLake.Streams, so a test cannot add a file to <c>Specs/</c> without a
/// rebuild; it parses the spec document with <see cref="StreamCatalog.Parse"/> and registers a catalog of the shipped
/// specs plus this one, which is exactly what <see cref="StreamCatalog.Default"/> holds once the file is in
/// <c>Specs/</c>. The embedded lake (all four services, PostgreSQL warehouse, local lake) then runs the files source
/// twice, and the new stream goes land → raw → trusted like the shipped ones, with its types, cleaning rules and the
/// latest change version winning; the second file's extra column is reported as schema drift by the orchestrator.
/// </summary>
public sealed class When_a_stream_is_added_by_a_spec : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    /// <summary>What a user would save as
    /// <c>shared/EcommerceLake.Streams/Specs/files.seller_commissions.json</c>.</summary>
    private const string SpecJson = """
        {
          "source": "files",
          "stream": "seller_commissions",
          "table": "files_seller_commissions",
          "origin": "*seller_commissions*.csv",
          "primaryKey": [ "seller_id" ],
          "columns": [
            { "name": "seller_id", "type": "string", "nullable": false },
            { "name": "commission_rate", "type": "decimal", "measure": true },
            { "name": "valid_from", "type": "date" },
            { "name": "tier", "type": "string" }
          ],
          "cleaning": { "trimStrings": true, "emptyStringAsNull": true, "emptyMeasureAsZero": true }
        }
        """;

    private readonly PostgresDatabase _database;
    private readonly TempDirectory _work = new("lake-addstream");
    private readonly MessageLog _driftRecorded = new();
    private string _drop = "";
    private EmbeddedLake? _lake;

    public When_a_stream_is_added_by_a_spec(PostgresDatabase database) => _database = database;

    public async Task InitializeAsync()
    {
        _drop = Directory.CreateDirectory(Path.Combine(_work.Path, "drop")).FullName;
        var catalog = new StreamCatalog(StreamCatalog.Default.All.Append(
            StreamCatalog.Parse(SpecJson, "files.seller_commissions.json")));
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Warehouse"] = _database.ConnectionString,
            ["ConnectionStrings:Orchestrator"] = _database.ConnectionString,
            ["Sources:Marketplace:ConnectionString"] = _database.ConnectionString,
            ["Sources:Reviews:BaseUrl"] = "http://127.0.0.1:9/",
            ["Sources:Reviews:ClientId"] = "unused",
            ["Sources:Reviews:ClientSecret"] = "unused",
            ["Sources:Economics:Enabled"] = "false",
            ["Sources:Files:Transport"] = "Local",
            ["Sources:Files:DropDirectory"] = _drop,
            ["Sources:Files:StabilityInterval"] = "00:00:00",
            ["Detectors:Files:Enabled"] = "false",
            ["Detectors:Marketplace:Enabled"] = "false",
            ["Lake:Root"] = Path.Combine(_work.Path, "lake"),
            ["Bus:Transport"] = "InMemory",
        };
        // Every service registers StreamCatalog.Default with TryAdd, so this catalog is the one all four use.
        _lake = await EmbeddedLake.StartAsync(settings, LogLevel.Warning, CancellationToken.None,
            services => services.AddSingleton(catalog));
        _lake.Bus.ConnectConsumeObserver(new DriftObserver(_driftRecorded));
    }

    public async Task DisposeAsync()
    {
        if (_lake is not null) await _lake.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task Should_flow_to_trusted()
    {
        // The first delivery: three sellers; white space is trimmed, an empty rate is a measure that becomes 0.
        await File.WriteAllTextAsync(Path.Combine(_drop, "seller_commissions_2018-08.csv"),
            "seller_id,commission_rate,valid_from,tier\n" +
            "s-a,0.12,2018-08-01,gold\n" +
            "s-b, 0.10 ,2018-08-01,  silver  \n" +
            "s-c,,2018-08-01,\n");

        var full = await RunFilesAsync();

        full.Outcome.Should().Be("Completed", full.Reason);
        var stream = full.Streams["files.seller_commissions"];
        (stream.LandRows, stream.RawRows, stream.Rejected, stream.TrustedRows).Should().Be((3L, 3L, 0L, 3L));
        stream.Merge.Should().Be((3L, 0L, 0L));
        full.Streams["files.sellers"].LandRows.Should().Be(0, "no sellers file was dropped");
        File.Exists(Path.Combine(_work.Path, "lake", "land", "files", "seller_commissions", full.RunId.ToString("N"),
            "_manifest.json")).Should().BeTrue("the land batch of the new stream is in the lake");
        (await TrustedAsync()).Should().Equal(
            "s-a|0.12|2018-08-01|gold", "s-b|0.10|2018-08-01|silver", "s-c|0|2018-08-01|");

        await _driftRecorded.WaitForOneAsync<StreamExtracted>(e => e.RunId == full.RunId);
        (await SourceSchemaAsync()).Should()
            .Equal(new object?[] { "|" }, "the first file's header is the spec's columns");

        // A later delivery: one seller changes tier and rate, one is new; the later file's change version wins. The
        // partner added a column the spec does not read: schema drift, and its values are not landed.
        await File.WriteAllTextAsync(Path.Combine(_drop, "seller_commissions_2018-09.csv"),
            "seller_id,commission_rate,valid_from,tier,region\n" +
            "s-b,0.15,2018-09-01,gold,south\n" +
            "s-d,0.08,2018-09-01,bronze,north\n");

        var incremental = await RunFilesAsync();

        incremental.Outcome.Should().Be("Completed", incremental.Reason);
        var next = incremental.Streams["files.seller_commissions"];
        next.OffsetFrom.Should().Be(stream.OffsetTo, "the run starts from the offset the first run committed");
        (next.LandRows, next.RawRows, next.TrustedRows).Should().Be((2L, 2L, 4L), "only the new file is read");
        next.Merge.Should().Be((1L, 1L, 0L));
        (await TrustedAsync()).Should().Equal(
            "s-a|0.12|2018-08-01|gold", "s-b|0.15|2018-09-01|gold", "s-c|0|2018-08-01|",
            "s-d|0.08|2018-09-01|bronze");
        (await PostgresDatabase.QueryColumnAsync(_database.ConnectionString,
            "SELECT count(*) FROM raw.files_seller_commissions")).Should().Equal(5L);
        await _driftRecorded.WaitForOneAsync<StreamExtracted>(e => e.RunId == incremental.RunId);
        (await SourceSchemaAsync()).Should().Equal(new object?[] { "region|" }, "the partner added a column");
        (await PostgresDatabase.QueryColumnAsync(_database.ConnectionString,
                "SELECT message FROM orchestrator.alerts WHERE kind = 'schema-drift'"))
            .Should().ContainSingle().Which.Should().Be($"Run {incremental.RunId}: the source of "
                + "files.seller_commissions offers region that the spec does not read (their values are not landed "
                + "until the spec names them)");
    }

    /// <summary>The latest schema comparison of the new stream: <c>added|missing</c>, each comma-separated.</summary>
    private Task<List<object?>> SourceSchemaAsync() =>
        PostgresDatabase.QueryColumnAsync(_database.ConnectionString,
            "SELECT array_to_string(added, ',') || '|' || array_to_string(missing, ',') "
            + "FROM orchestrator.source_schemas WHERE source = 'files' AND stream = 'seller_commissions'");

    private async Task<RunReport> RunFilesAsync()
    {
        var runId = NewId.NextGuid();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await _lake!.Bus.Publish(new RequestRun
        {
            RunId = runId,
            Sources = ["files"],
            Trigger = RunTrigger.Api,
            RequestedBy = "tests",
        }, timeout.Token);
        return await _lake.Watcher.WaitForEndAsync(runId, timeout.Token);
    }

    private async Task<List<string?>> TrustedAsync() =>
        (await PostgresDatabase.QueryColumnAsync(_database.ConnectionString,
            "SELECT concat_ws('|', seller_id, commission_rate::text, valid_from::text, coalesce(tier, '')) " +
            "FROM trusted.files_seller_commissions ORDER BY seller_id"))
        .Select(v => (string?)v).ToList();

    /// <summary>Records each <see cref="StreamExtracted"/> of the new stream the orchestrator's <c>schema-drift</c>
    /// endpoint has finished consuming.</summary>
    private sealed class DriftObserver(MessageLog log) : IConsumeObserver
    {
        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.Message is StreamExtracted { Stream: "seller_commissions" } e
                && context.ReceiveContext.InputAddress?.AbsolutePath.EndsWith("schema-drift",
                    StringComparison.Ordinal) == true)
                log.Add(e);
            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class =>
            Task.CompletedTask;
    }
}
