using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Infrastructure;
using EcommerceLake.Orchestrator.Sagas;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace EcommerceLake.Orchestrator.Tests.Infrastructure;

public class When_the_schema_scripts_are_applied(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_hold_every_column_the_model_maps_by_convention()
    {
        var connectionString = await database.CreateDatabaseAsync("orchschema");
        await OrchestratorSchema.ApplyAsync(connectionString, NullLogger.Instance, CancellationToken.None);
        var columns = new HashSet<string>(StringComparer.Ordinal);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = @s",
                connection);
            command.Parameters.AddWithValue("s", OrchestratorDbContext.Schema);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        }
        await using var context = new OrchestratorDbContext(
            OrchestratorDbContext.Options(connectionString));

        var mapped = context.Model.GetEntityTypes()
            .SelectMany(entity =>
            {
                var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
                return entity.GetProperties()
                    .Select(p => p.GetColumnName(table))
                    .Concat(entity.GetComplexProperties().Select(c => c.ComplexType.GetContainerColumnName()))
                    .Where(column => column is not null && column != "xmin")
                    .Select(column => $"{entity.GetTableName()}.{column}");
            })
            .ToList();

        mapped.Should().HaveCountGreaterThan(30).And.OnlyContain(column => columns.Contains(column),
            "every property maps to a column the scripts create (snake_case by convention)");
        mapped.Should().Contain(["pipeline_runs.requested_by", "pipeline_runs.streams", "alerts.alert_key"]);
    }

    [Fact]
    public async Task Should_round_trip_a_run_with_its_streams_and_row_version()
    {
        var connectionString = await database.CreateDatabaseAsync("orchrow");
        await OrchestratorSchema.ApplyAsync(connectionString, NullLogger.Instance, CancellationToken.None);
        var options = OrchestratorDbContext.Options(connectionString);
        var runId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await using (var context = new OrchestratorDbContext(options))
        {
            context.Runs.Add(new PipelineRunState
            {
                CorrelationId = runId, CurrentState = "Running", Sources = ["files"], Trigger = RunTrigger.Api,
                RequestedBy = "tests", CreatedAt = now, UpdatedAt = now,
                Streams = [new StreamRun { Source = "files", Stream = "sellers", Status = StreamRunStatus.Loading }],
            });
            await context.SaveChangesAsync();
        }
        await using (var context = new OrchestratorDbContext(options))
        {
            var run = await context.Runs.SingleAsync(r => r.CorrelationId == runId);
            run.Version.Should().NotBe(0u, "xmin is read back as the row version");
            run.Streams.Should().ContainSingle().Which.Status.Should().Be(StreamRunStatus.Loading);
            run.CurrentState = "Completed";
            await context.SaveChangesAsync();
        }
    }
}
