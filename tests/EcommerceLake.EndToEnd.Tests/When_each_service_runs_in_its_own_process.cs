using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.EndToEnd.Tests;

/// <summary>
/// The several-processes shape: the four service hosts as separate OS processes on the bus chosen by configuration
/// alone — the real RabbitMQ broker (a fresh virtual host) or Pub/Sub (the contract fake, a fresh prefix) — a run of
/// the files source over the real Olist CSVs requested and followed over the bus.
/// </summary>
public sealed class When_each_service_runs_in_its_own_process : IClassFixture<PostgresDatabase>, IDisposable
{
    private static readonly string[] Services = ["Ingestion", "Processing", "Warehouse", "Orchestrator"];
    private readonly PostgresDatabase _database;
    private readonly TempDirectory _work = new("lake-processes");

    public When_each_service_runs_in_its_own_process(PostgresDatabase database)
    {
        _database = database;
    }

    public static TheoryTransports Transports => TestBuses.All;

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Should_complete_a_run_over_the_bus(string transport)
    {
        await using var bus = await TestBuses.StartAsync(transport);
        var database = await _database.CreateDatabaseAsync("processes_" + transport.ToLowerInvariant());
        var drop = await OlistFiles.DropAsync(Path.Combine(_work.Path, transport, "drop"),
            "olist_sellers_dataset.csv", "product_category_name_translation.csv");
        await using var lake = new ProcessLake(bus, database, database, drop,
            Path.Combine(_work.Path, transport, "lake"));
        foreach (var service in Services) await lake.StartAsync(service);

        var (_, report) = await lake.RunAsync(["files"], TimeSpan.FromMinutes(5));

        report.Outcome.Should().Be("Completed", report.Reason + lake.Output);
        report.Streams["files.sellers"].TrustedRows.Should().Be(3095);
        report.Streams["files.category_translation"].TrustedRows.Should().Be(71);
        report.Streams["files.products"].LandRows.Should().Be(0);
    }

    public void Dispose() => _work.Dispose();
}
