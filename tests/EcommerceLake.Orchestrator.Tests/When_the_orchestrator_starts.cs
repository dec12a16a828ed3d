using EcommerceLake.Orchestrator.Infrastructure;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests;

public class When_the_orchestrator_starts(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_create_its_tables_once()
    {
        var connectionString = await database.CreateDatabaseAsync("orch");
        await using (await OrchestratorTestHost.StartAsync(connectionString, output))
        {
        }

        var again = await OrchestratorSchema.ApplyAsync(connectionString, NullLogger.Instance, CancellationToken.None);

        again.Should().BeEmpty("every script was applied at the first start");
        var tables = await PostgresDatabase.QueryColumnAsync(connectionString,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'orchestrator' ORDER BY table_name");
        tables.Should().Equal("alerts", "check_results", "clusters", "committed_offsets", "offset_audit",
            "outbox_messages", "pipeline_runs", "run_refusals", "run_triggers", "schedule_audit", "schedules",
            "schema_migrations", "source_leases", "source_schemas", "stream_control_audit", "stream_controls",
            "stream_freshness");
    }

    [Fact]
    public async Task Should_report_its_database_ready()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        report.Entries.Should().ContainKey("orchestrator-db").WhoseValue.Status.Should().Be(HealthStatus.Healthy);
    }

    [Fact]
    public async Task Should_refuse_to_start_without_its_connection_string_and_name_the_key()
    {
        var start = () => OrchestratorTestHost.StartAsync("", output);

        var error = await start.Should().ThrowAsync<OptionsValidationException>();
        error.Which.Message.Should().Contain("ConnectionStrings:Orchestrator");
    }
}
