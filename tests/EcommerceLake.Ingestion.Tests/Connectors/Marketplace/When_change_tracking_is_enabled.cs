using EcommerceLake.Ingestion.Connectors.Marketplace;
using EcommerceLake.Testing;
using FluentAssertions;
using Npgsql;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Marketplace;

public sealed class When_change_tracking_is_enabled(PostgresDatabase fixture) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_be_idempotent_and_keep_the_min_valid_version()
    {
        var source = await TrackedSource.CreateAsync(fixture, 1);
        await source.ExecAsync("INSERT INTO marketplace.items VALUES (2, 'two')");

        await ChangeTrackingInstaller.EnableAsync(
            source.ConnectionString, "marketplace", ["items"], CancellationToken.None);

        (await source.MinValidVersionAsync()).Should().Be(0);
        (await source.ScalarAsync("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'marketplace.items'::regclass"))
            .Should().Be(4);
        (await source.ScalarAsync("SELECT count(*) FROM change_tracking.schema_migrations"))
            .Should().Be(2, "0001 and 0002, each applied once");
        (await source.ChangesAsync(0)).Keys.Should().Equal(2);
    }

    [Fact]
    public async Task Should_start_at_the_current_version_for_a_table_enabled_later()
    {
        var source = await TrackedSource.CreateAsync(fixture);
        await source.ExecAsync(
            "INSERT INTO marketplace.items VALUES (1, 'one'); CREATE TABLE marketplace.later (id int PRIMARY KEY)");

        await ChangeTrackingInstaller.EnableAsync(
            source.ConnectionString, "marketplace", ["later"], CancellationToken.None);

        (await source.MinValidVersionAsync("marketplace.later")).Should().Be(1);
        (await source.MinValidVersionAsync("marketplace.items")).Should().Be(0);
    }

    [Fact]
    public async Task Should_restore_missing_triggers_and_move_the_min_valid_version()
    {
        var source = await TrackedSource.CreateAsync(fixture);
        await source.ExecAsync("DROP TRIGGER change_tracking_update ON marketplace.items");
        await source.ExecAsync("INSERT INTO marketplace.items VALUES (1, 'one')");

        await ChangeTrackingInstaller.EnableAsync(
            source.ConnectionString, "marketplace", ["items"], CancellationToken.None);

        (await source.MinValidVersionAsync()).Should().Be(1, "updates made while a trigger was missing are unknown");
        await source.ExecAsync("UPDATE marketplace.items SET name = 'tracked again' WHERE id = 1");
        (await source.ChangesAsync(1)).Should().ContainKey(1).WhoseValue.Operation.Should().Be("U");
    }

    [Fact]
    public async Task Should_refuse_a_table_without_a_primary_key()
    {
        var connectionString = await fixture.CreateDatabaseAsync("ct");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "CREATE SCHEMA s; CREATE TABLE s.heap (id int, name text)", connection);
            await command.ExecuteNonQueryAsync();
        }

        var act = () => ChangeTrackingInstaller.EnableAsync(connectionString, "s", ["heap"], CancellationToken.None);

        (await act.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().Contain("primary key");
    }

    [Fact]
    public async Task Should_refuse_a_name_that_is_not_an_identifier()
    {
        var act = () => ChangeTrackingInstaller.EnableAsync(
            fixture.ConnectionString, "marketplace", ["items; DROP TABLE x"], CancellationToken.None);

        await act.Should().ThrowAsync<ArgumentException>();
    }
}
