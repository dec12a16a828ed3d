using System.Collections.Concurrent;
using System.Diagnostics;
using EcommerceLake.Hosting;
using EcommerceLake.Testing;
using FluentAssertions;
using Npgsql;
using Xunit;

namespace EcommerceLake.Warehouse.Tests.Postgres;

/// <summary>The initial load that copies a batch straight into raw and fills trusted from there (no staging table),
/// and the batches it hands back to the staging table.</summary>
public sealed class When_an_empty_table_is_loaded_through_raw(PostgresDatabase database)
    : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private WarehouseTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await WarehouseTestBed.CreateAsync(database);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private static string?[] Customer(string op, long version, string? id, string city) =>
        [op, version.ToString(), id, "u-" + id, "01310", city, "SP"];

    /// <summary>Loads <paramref name="rows"/> as a new run's batch of marketplace.customers and returns the names of
    /// the warehouse's steps that ran for that run.</summary>
    private async Task<(LoadResult Result, List<string> Steps)> LoadAsync(params string?[][] rows)
    {
        var runId = Guid.NewGuid();
        var steps = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == LakeTelemetry.Warehouse,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a =>
            {
                if (a.GetTagItem(LakeTelemetry.RunIdTag) as string == runId.ToString()) steps.Enqueue(a.DisplayName);
            },
        };
        ActivitySource.AddActivityListener(listener);
        var batch = await _bed.WriteRawAsync("marketplace", "customers", runId, rows);
        var result = await _bed.Engine.LoadAsync(new LoadRequest(runId, "marketplace", "customers", batch,
            IsFullSnapshot: false), CancellationToken.None);
        return (result, [.. steps]);
    }

    [Fact]
    public async Task Should_append_raw_and_fill_trusted_without_the_stage_to_raw_insert()
    {
        var (result, steps) = await LoadAsync(Customer("I", 1, "c1", "sao paulo"), Customer("U", 2, "c2", "campinas"));

        result.Should().Be(new LoadResult(RawRowCount: 2, Inserted: 2, Updated: 0, Deleted: 0, TrustedRowCount: 2));
        steps.Should().Equal("copy raw batch", "merge trusted");
        (await _bed.QueryAsync("SELECT customer_id, customer_city, _change_version " +
            "FROM trusted.marketplace_customers ORDER BY customer_id")).Should().BeEquivalentTo(new[]
        {
            new object?[] { "c1", "sao paulo", 1L },
            new object?[] { "c2", "campinas", 2L },
        }, o => o.WithStrictOrdering());
        (await _bed.ScalarAsync("SELECT count(DISTINCT r._run_id) FROM raw.marketplace_customers AS r " +
            "JOIN trusted.marketplace_customers AS t USING (_run_id)")).Should().Be(1L,
            "raw and trusted carry the same run id");
        (await _bed.ScalarAsync("SELECT count(*) FROM land.changes_all WHERE table_name = 'marketplace_customers'"))
            .Should().Be(1L);
    }

    [Theory]
    [InlineData("a key twice")]
    [InlineData("a delete")]
    public async Task Should_load_through_the_staging_table_a_batch_it_cannot_insert_as_it_is(string holding)
    {
        string?[][] rows = holding == "a delete"
            ? [Customer("I", 1, "c1", "first"), Customer("D", 1, "c9", "gone")]
            : [Customer("I", 1, "c1", "first"), Customer("U", 2, "c1", "second")];

        var (result, steps) = await LoadAsync(rows);

        result.Should().Be(new LoadResult(RawRowCount: 2, Inserted: 1, Updated: 0, Deleted: 0, TrustedRowCount: 1));
        steps.Should().Contain("append raw", "the staging table's path appended raw");
        (await _bed.ScalarAsync("SELECT count(*) FROM raw.marketplace_customers")).Should().Be(2L,
            "the rows copied straight into raw were rolled back before the staging table's path appended them");
        (await _bed.ScalarAsync("SELECT customer_city FROM trusted.marketplace_customers"))
            .Should().Be(holding == "a delete" ? "first" : "second");
    }

    [Fact]
    public async Task Should_analyze_a_table_the_marts_read_and_leave_the_others_to_autovacuum()
    {
        await LoadAsync(Customer("I", 1, "c1", "sao paulo"));
        await _bed.LoadAsync("marketplace", "sellers", [["I", "1", "s1", "01310", "sao paulo", "SP"]]);

        (await _bed.ScalarAsync("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables " +
            "WHERE relid = 'trusted.marketplace_customers'::regclass")).Should().Be(true,
            "the order marts read customers, so their build plans on its statistics");
        (await _bed.ScalarAsync("SELECT last_analyze IS NULL FROM pg_stat_user_tables " +
            "WHERE relid = 'trusted.marketplace_sellers'::regclass")).Should().Be(true, "no mart reads sellers");
        (await _bed.ScalarAsync("SELECT reltuples FROM pg_class WHERE oid = 'trusted.marketplace_sellers'::regclass"))
            .Should().Be(1f, "the primary key's rebuild counted the rows for the next load's plan");
    }

    [Fact]
    public async Task Should_analyze_at_the_configured_statistics_target()
    {
        // 50 distinct customers, each once: no most common value, so the histogram takes every value up to the
        // target's buckets plus one (PostgreSQL's compute_scalar_stats): 11 bounds at 10, all 50 at the server's 100.
        await LoadAsync([.. Enumerable.Range(1, 50).Select(i => Customer("I", i, $"c{i:D2}", "sao paulo"))]);

        (await _bed.ScalarAsync("SELECT cardinality(histogram_bounds::text::text[]) FROM pg_stats " +
            "WHERE schemaname = 'trusted' AND tablename = 'marketplace_customers' AND attname = 'customer_id'"))
            .Should().Be(new WarehouseOptions().StatisticsTarget + 1);
    }

    [Fact]
    public async Task Should_refuse_a_row_without_a_key_as_the_staging_table_does()
    {
        var act = () => LoadAsync(Customer("I", 1, "c1", "kept out"), Customer("I", 1, null, "no key"));

        (await act.Should().ThrowAsync<PostgresException>()).Which.SqlState
            .Should().Be(PostgresErrorCodes.NotNullViolation);
        (await _bed.ScalarAsync("SELECT count(*) FROM raw.marketplace_customers")).Should().Be(0L);
        (await _bed.ScalarAsync("SELECT count(*) FROM trusted.marketplace_customers")).Should().Be(0L);
    }

    [Fact]
    public async Task Should_not_let_a_raw_row_be_written_without_its_run()
    {
        var act = () => _bed.QueryAsync("INSERT INTO raw.marketplace_customers (customer_id, _op, _change_version) " +
            "VALUES ('c1', 'I', 1)");

        (await act.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().Contain("lake.run_id");
    }
}
