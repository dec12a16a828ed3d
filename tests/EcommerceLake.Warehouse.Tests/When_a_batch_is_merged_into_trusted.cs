using EcommerceLake.Lake;
using EcommerceLake.Testing;
using FluentAssertions;
using Npgsql;
using Xunit;

namespace EcommerceLake.Warehouse.Tests;

public sealed class When_a_batch_is_merged_into_trusted(PostgresDatabase database)
    : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const string Customers =
        "SELECT customer_id, customer_city, _change_version FROM trusted.marketplace_customers ORDER BY customer_id";
    private WarehouseTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await WarehouseTestBed.CreateAsync(database);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private static string?[] Customer(string op, long version, string id, string? city) =>
        [op, version.ToString(), id, "u-" + id, "01310", city, "SP"];

    private Task<LoadResult> LoadCustomersAsync(bool isFullSnapshot, params string?[][] rows) =>
        _bed.LoadAsync("marketplace", "customers", rows, isFullSnapshot);

    [Fact]
    public async Task Should_insert_new_keys_and_append_the_raw_history()
    {
        var result = await LoadCustomersAsync(false, Customer("I", 1, "c1", "sao paulo"),
            Customer("I", 1, "c2", "campinas"));

        result.Should().Be(new LoadResult(RawRowCount: 2, Inserted: 2, Updated: 0, Deleted: 0, TrustedRowCount: 2));
        (await _bed.QueryAsync(Customers)).Should().BeEquivalentTo(new[]
        {
            new object?[] { "c1", "sao paulo", 1L },
            new object?[] { "c2", "campinas", 1L },
        }, o => o.WithStrictOrdering());
        (await _bed.ScalarAsync("SELECT count(*) FROM raw.marketplace_customers WHERE _op = 'I' " +
                "AND _run_id IS NOT NULL AND _ingested_at IS NOT NULL"))
            .Should().Be(2L);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Should_leave_the_primary_key_of_an_empty_table_it_filled_in_place(bool keyStagedTwice)
    {
        // The initial insert drops trusted's primary key and adds it again after the rows are in; a key staged twice
        // fails adding it, and the rollback to the savepoint must bring the key back before the de-duplicated insert.
        const string key = "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint " +
            "WHERE conrelid = 'trusted.marketplace_customers'::regclass AND contype = 'p'";
        var rows = new List<string?[]> { Customer("I", 1, "c1", "first"), Customer("I", 1, "c2", "kept") };
        if (keyStagedTwice) rows.Add(Customer("U", 2, "c1", "second"));

        var result = await LoadCustomersAsync(false, [.. rows]);

        result.Inserted.Should().Be(2);
        (await _bed.QueryAsync(key)).Should().ContainSingle()
            .Which.Should().Equal("marketplace_customers_pkey", "PRIMARY KEY (customer_id)");
        (await _bed.ScalarAsync("SELECT count(*) FROM land.changes_all WHERE table_name = 'marketplace_customers'"))
            .Should().Be(1L, "the table is marked as wholly changed once");
        var duplicate = async () => await _bed.QueryAsync("INSERT INTO trusted.marketplace_customers " +
            "(customer_id, _change_version, _run_id) VALUES ('c2', 3, gen_random_uuid())");
        (await duplicate.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be("23505");
    }

    [Fact]
    public async Task Should_update_and_delete_with_newer_versions()
    {
        await LoadCustomersAsync(false, Customer("I", 1, "c1", "sao paulo"), Customer("I", 1, "c2", "campinas"),
            Customer("I", 1, "c3", "santos"));

        var result = await LoadCustomersAsync(false, Customer("U", 2, "c1", "rio de janeiro"),
            ["D", "2", "c2", null, null, null, null], Customer("I", 2, "c4", "osasco"));

        result.Should().Be(new LoadResult(3, Inserted: 1, Updated: 1, Deleted: 1, TrustedRowCount: 3));
        (await _bed.QueryAsync(Customers)).Should().BeEquivalentTo(new[]
        {
            new object?[] { "c1", "rio de janeiro", 2L },
            new object?[] { "c3", "santos", 1L },
            new object?[] { "c4", "osasco", 2L },
        }, o => o.WithStrictOrdering());
        (await _bed.ScalarAsync("SELECT count(*) FROM raw.marketplace_customers"))
            .Should().Be(6L, "raw keeps every version");
    }

    [Fact]
    public async Task Should_keep_the_latest_change_version_within_a_batch()
    {
        var result = await LoadCustomersAsync(false,
            Customer("U", 5, "c1", "version 5"), Customer("I", 3, "c1", "version 3"),
            Customer("U", 4, "c1", "version 4"), Customer("I", 1, "c2", "kept"),
            ["D", "2", "c2", null, null, null, null], Customer("U", 2, "c2", "same version, later record"));

        result.Inserted.Should().Be(2);
        (await _bed.QueryAsync(Customers)).Should().BeEquivalentTo(new[]
        {
            new object?[] { "c1", "version 5", 5L },
            new object?[] { "c2", "same version, later record", 2L },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Should_skip_deletes_when_an_empty_table_is_loaded_from_unique_keys()
    {
        // Every key once: the initial load inserts the staged records as they are, without the de-duplicating sort.
        var result = await LoadCustomersAsync(false,
            Customer("I", 1, "c1", "sao paulo"), ["D", "3", "c2", null, null, null, null],
            Customer("U", 2, "c3", "santos"));

        result.Should().Be(new LoadResult(RawRowCount: 3, Inserted: 2, Updated: 0, Deleted: 0, TrustedRowCount: 2));
        (await _bed.QueryAsync(Customers)).Should().BeEquivalentTo(new[]
        {
            new object?[] { "c1", "sao paulo", 1L },
            new object?[] { "c3", "santos", 2L },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Should_keep_the_latest_version_when_an_empty_table_is_loaded_from_a_key_staged_twice()
    {
        // No delete staged: the records are inserted as staged until trusted's primary key meets c1 again; the insert
        // rolls back to its savepoint and the de-duplicated batch is loaded in the same transaction.
        var result = await LoadCustomersAsync(false,
            Customer("I", 1, "c1", "version 1"), Customer("I", 1, "c2", "kept"), Customer("U", 2, "c1", "version 2"));

        result.Should().Be(new LoadResult(RawRowCount: 3, Inserted: 2, Updated: 0, Deleted: 0, TrustedRowCount: 2));
        (await _bed.QueryAsync(Customers)).Should().BeEquivalentTo(new[]
        {
            new object?[] { "c1", "version 2", 2L },
            new object?[] { "c2", "kept", 1L },
        }, o => o.WithStrictOrdering());
        (await _bed.ScalarAsync("SELECT count(*) FROM raw.marketplace_customers"))
            .Should().Be(3L, "raw keeps every version");
    }

    [Fact]
    public async Task Should_not_let_an_older_version_overwrite_or_delete_a_newer_one()
    {
        await LoadCustomersAsync(false, Customer("I", 10, "c1", "newer"), Customer("I", 10, "c2", "newer"));

        var result = await LoadCustomersAsync(false, Customer("U", 9, "c1", "older"),
            ["D", "9", "c2", null, null, null, null]);

        result.Should().Be(new LoadResult(2, 0, 0, 0, 2));
        (await _bed.QueryAsync(Customers)).Should().BeEquivalentTo(new[]
        {
            new object?[] { "c1", "newer", 10L },
            new object?[] { "c2", "newer", 10L },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Should_leave_trusted_unchanged_when_the_same_batch_is_loaded_twice()
    {
        await LoadCustomersAsync(false, Customer("I", 1, "c1", "sao paulo"), Customer("I", 1, "c9", "kept"));
        var runId = Guid.NewGuid();
        var batch = await _bed.WriteRawAsync("marketplace", "customers", runId,
            [Customer("U", 2, "c1", "rio de janeiro"), ["D", "2", "c9", null, null, null, null],
                Customer("I", 2, "c2", "campinas")], partRows: 2);
        var request = new LoadRequest(runId, "marketplace", "customers", batch, IsFullSnapshot: false);
        const string all = "SELECT customer_id, customer_unique_id, customer_zip_code_prefix, customer_city, " +
            "customer_state, _change_version, _run_id, _loaded_at FROM trusted.marketplace_customers " +
            "ORDER BY customer_id";

        var first = await _bed.Engine.LoadAsync(request, CancellationToken.None);
        var afterFirst = await _bed.QueryAsync(all);
        var second = await _bed.Engine.LoadAsync(request, CancellationToken.None);

        first.Should().Be(new LoadResult(3, 1, 1, 1, 2));
        second.Should().Be(new LoadResult(3, 0, 0, 0, 2));
        (await _bed.QueryAsync(all)).Should().BeEquivalentTo(afterFirst, o => o.WithStrictOrdering());
        (await _bed.ScalarAsync($"SELECT count(*) FROM raw.marketplace_customers WHERE _run_id = '{runId}'"))
            .Should().Be(3L, "a redelivery replaces the run's raw rows");
        (await _bed.QueryAsync($"SELECT row_count, loads, uri FROM land.batches WHERE run_id = '{runId}'"))
            .Should().ContainSingle().Which.Should().Equal(3L, 2, batch);
    }

    [Fact]
    public async Task Should_delete_keys_missing_from_a_full_snapshot()
    {
        await LoadCustomersAsync(false, Customer("I", 1, "c1", "a"), Customer("I", 1, "c2", "b"),
            Customer("I", 1, "c3", "c"));

        var result = await LoadCustomersAsync(true, Customer("I", 1, "c1", "a"), Customer("I", 2, "c3", "c2"));

        result.Should().Be(new LoadResult(2, Inserted: 0, Updated: 1, Deleted: 1, TrustedRowCount: 2));
        (await _bed.QueryAsync(Customers)).Select(r => r[0]).Should().Equal("c1", "c3");
    }

    [Fact]
    public async Task Should_keep_missing_keys_when_the_full_snapshot_lost_records()
    {
        await LoadCustomersAsync(false, Customer("I", 1, "c1", "a"), Customer("I", 1, "c2", "b"));
        var runId = Guid.NewGuid();
        var batch = await _bed.WriteRawAsync("marketplace", "customers", runId, [Customer("I", 1, "c1", "a")],
            isFullSnapshot: true, quarantine: [new QuarantinedRecord("part-00000 row 2",
                "column 'customer_id' is required but has no value", null)]);

        var result = await _bed.Engine.LoadAsync(
            new LoadRequest(runId, "marketplace", "customers", batch, IsFullSnapshot: true), CancellationToken.None);

        result.Deleted.Should().Be(0);
        (await _bed.QueryAsync(Customers)).Select(r => r[0]).Should().Equal("c1", "c2");
    }

    [Fact]
    public async Task Should_turn_empty_measures_into_zero_in_trusted_only()
    {
        var result = await _bed.LoadAsync("marketplace", "order_items",
        [
            ["I", "1", "o1", "1", "p1", "s1", "2017-09-19 09:45:35", "58.90", null],
            ["I", "1", "o1", "2", "p1", "s1", null, null, "13.29"],
        ]);

        result.Inserted.Should().Be(2);
        (await _bed.QueryAsync("SELECT order_item_id, price, freight_value, shipping_limit_date " +
                "FROM trusted.marketplace_order_items ORDER BY order_item_id"))
            .Should().BeEquivalentTo(new[]
            {
                new object?[] { 1, 58.90m, 0m, new DateTime(2017, 9, 19, 9, 45, 35) },
                new object?[] { 2, 0m, 13.29m, null },
            }, o => o.WithStrictOrdering());
        (await _bed.ScalarAsync("SELECT count(*) FROM raw.marketplace_order_items " +
                "WHERE price IS NULL OR freight_value IS NULL")).Should().Be(2L);
    }

    [Fact]
    public async Task Should_roll_back_both_layers_when_the_batch_is_broken()
    {
        await LoadCustomersAsync(false, Customer("I", 1, "c1", "a"));
        var before = await _bed.QueryAsync(Customers);

        var act = () => _bed.LoadAsync("marketplace", "order_items",
        [
            ["I", "1", "o1", "1", "p1", "s1", null, "1.00", "1.00"],
            ["I", "1", "o1", "x", "p1", "s1", null, "1.00", "1.00"],
        ]);
        var broken = () => LoadCustomersAsync(false, Customer("U", 2, "c1", "changed"),
            ["I", "2", null, null, null, null, null]);

        await act.Should().ThrowAsync<PostgresException>();
        await broken.Should().ThrowAsync<PostgresException>()
            .Where(e => e.SqlState == PostgresErrorCodes.NotNullViolation);
        (await _bed.QueryAsync(Customers)).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
        (await _bed.ScalarAsync("SELECT count(*) FROM raw.marketplace_customers")).Should().Be(1L);
        (await _bed.ScalarAsync("SELECT count(*) FROM raw.marketplace_order_items")).Should().Be(0L);
        (await _bed.ScalarAsync("SELECT count(*) FROM land.batches")).Should().Be(1L);
    }

    [Fact]
    public async Task Should_load_an_empty_incremental_batch_without_changes()
    {
        await LoadCustomersAsync(false, Customer("I", 1, "c1", "a"));

        var result = await LoadCustomersAsync(false);

        result.Should().Be(new LoadResult(0, 0, 0, 0, 1));
        (await _bed.ScalarAsync("SELECT count(*) FROM land.batches")).Should().Be(2L);
    }

    [Fact]
    public async Task Should_refuse_a_batch_of_another_stream()
    {
        var runId = Guid.NewGuid();
        var batch = await _bed.WriteRawAsync("marketplace", "customers", runId, [Customer("I", 1, "c1", "a")]);

        var act = () => _bed.Engine.LoadAsync(
            new LoadRequest(runId, "marketplace", "sellers", batch, IsFullSnapshot: false), CancellationToken.None);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*marketplace.customers*");
    }
}
