using System.Text.Json;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Outbox;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests.Outbox;

public class When_the_orchestrator_dies_between_commit_and_publish(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_publish_what_the_committed_transaction_stored_once_it_runs_again()
    {
        var connectionString = await database.CreateDatabaseAsync("orch");
        await using (var first = await OrchestratorTestHost.StartAsync(connectionString, output))
        {
            await first.RequestRunAsync("reviews").ContinueWith(t => first.CompletedAsync(t.Result)).Unwrap();
        }
        // What a saga transition left committed in the outbox when its process was killed before the relay ran.
        var runId = Guid.NewGuid();
        var lost = new ExtractStream
        {
            RunId = runId,
            Source = "reviews",
            Stream = "order_reviews",
            Offset = null,
            ForceFull = true,
        };
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand(
                "INSERT INTO orchestrator.outbox_messages (run_id, message_type, body, created_at) " +
                "VALUES (@run, @type, @body::jsonb, now())", connection);
            insert.Parameters.AddWithValue("run", runId);
            insert.Parameters.AddWithValue("type", $"{typeof(ExtractStream).FullName}, EcommerceLake.Contracts");
            insert.Parameters.AddWithValue("body", JsonSerializer.Serialize(lost, PostgresRunOutbox.Json));
            await insert.ExecuteNonQueryAsync();
        }

        await using var restarted = await OrchestratorTestHost.StartAsync(connectionString, output);
        var published = await restarted.Log.WaitForOneAsync<ExtractStream>(m => m.RunId == runId);

        published.Should().Be(lost);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await restarted.ScalarAsync<long>("SELECT count(*) FROM orchestrator.outbox_messages") > 0)
            await Task.Delay(20, timeout.Token); // the relay deletes the row in the transaction after the publish
        restarted.Log.All<ExtractStream>(m => m.RunId == runId).Should().ContainSingle();
    }
}
