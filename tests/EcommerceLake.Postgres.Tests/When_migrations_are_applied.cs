using System.Reflection;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace EcommerceLake.Postgres.Tests;

/// <summary>SqlMigrator against a real PostgreSQL, with the script sets embedded in this assembly.</summary>
public sealed class When_migrations_are_applied(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string Good = "EcommerceLake.Postgres.Tests.Migrations.Good.";
    private const string Broken = "EcommerceLake.Postgres.Tests.Migrations.Broken.";
    private static readonly Assembly Scripts = typeof(When_migrations_are_applied).Assembly;

    private static Task<IReadOnlyList<string>> ApplyAsync(string connectionString, string prefix) =>
        SqlMigrator.ApplyAsync(connectionString, "mig", Scripts, prefix, NullLogger.Instance, CancellationToken.None);

    [Fact]
    public async Task Should_apply_every_script_once_in_name_order_and_record_it()
    {
        var db = await database.CreateDatabaseAsync("mig");

        var applied = await ApplyAsync(db, Good);

        applied.Should().Equal("0001_create_orders.sql", "0002_add_amount.sql", "0010_seed.sql");
        (await PostgresDatabase.QueryColumnAsync(db, "SELECT name FROM mig.schema_migrations ORDER BY name"))
            .Should().Equal("0001_create_orders.sql", "0002_add_amount.sql", "0010_seed.sql");
        (await PostgresDatabase.QueryColumnAsync(db, "SELECT amount FROM mig.orders")).Should().Equal(10.50m);
    }

    [Fact]
    public async Task Should_apply_nothing_the_second_time()
    {
        var db = await database.CreateDatabaseAsync("mig");
        await ApplyAsync(db, Good);

        (await ApplyAsync(db, Good)).Should().BeEmpty();
        (await PostgresDatabase.QueryColumnAsync(db, "SELECT count(*) FROM mig.orders")).Should().Equal(1L);
    }

    [Fact]
    public async Task Should_let_instances_start_at_once_with_one_applying_each_script()
    {
        var db = await database.CreateDatabaseAsync("mig");

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => ApplyAsync(db, Good))));

        results.SelectMany(r => r).Should().HaveCount(3, "the advisory lock lets one instance apply each script");
        (await PostgresDatabase.QueryColumnAsync(db, "SELECT count(*) FROM mig.orders")).Should().Equal(1L);
    }

    [Fact]
    public async Task Should_roll_back_a_failing_script_whole_and_keep_the_earlier_ones()
    {
        var db = await database.CreateDatabaseAsync("mig");

        var apply = () => ApplyAsync(db, Broken);

        (await apply.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be("42P01");
        (await PostgresDatabase.QueryColumnAsync(db, "SELECT name FROM mig.schema_migrations"))
            .Should().Equal("0001_create_items.sql");
        (await PostgresDatabase.QueryColumnAsync(db, "SELECT count(*) FROM mig.items"))
            .Should().ContainSingle().Which.Should().Be(0L, "the failed script's first insert is rolled back with it");
        (await PostgresDatabase.QueryColumnAsync(db, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND "
            + "database = (SELECT oid FROM pg_database WHERE datname = current_database())"))
            .Should().ContainSingle().Which.Should().Be(0L, "the advisory lock is released after a failure");
    }
}
