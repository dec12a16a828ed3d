using EcommerceLake.Google;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Warehouse.Tests;

public sealed class When_the_warehouse_starts(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static IHost BuildHost(string lakeRoot, string? connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?> { ["Lake:Root"] = lakeRoot };
        if (connectionString is not null) settings["ConnectionStrings:Warehouse"] = connectionString;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddLakeStorage();
        builder.AddWarehouse();
        return builder.Build();
    }

    [Fact]
    public async Task Should_fail_naming_the_key_when_the_connection_string_is_missing()
    {
        using var lake = new TempDirectory();
        using var host = BuildHost(lake.Path, connectionString: null);

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).WithMessage("*ConnectionStrings:Warehouse*");
    }

    [Fact]
    public async Task Should_create_the_layers_and_a_raw_and_trusted_table_per_stream()
    {
        using var lake = new TempDirectory();
        var connectionString = await database.CreateDatabaseAsync("wh");
        using var host = BuildHost(lake.Path, connectionString);

        await host.StartAsync();
        await host.StopAsync();

        var schemas = await PostgresDatabase.QueryColumnAsync(connectionString,
            "SELECT nspname FROM pg_namespace WHERE nspname IN ('land', 'raw', 'trusted', 'marts') ORDER BY 1");
        schemas.Should().Equal("land", "marts", "raw", "trusted");
        foreach (var spec in StreamCatalog.Default.All)
        {
            var key = await PostgresDatabase.QueryColumnAsync(connectionString,
                $"""
                SELECT a.attname FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                WHERE i.indrelid = 'trusted.{spec.Table}'::regclass AND i.indisprimary
                ORDER BY array_position(i.indkey, a.attnum)
                """);
            key.Should().Equal(spec.PrimaryKey, "trusted.{0} is keyed by its spec", spec.Table);
            var rawColumns = await PostgresDatabase.QueryColumnAsync(connectionString,
                $"SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' " +
                $"AND table_name = '{spec.Table}' ORDER BY ordinal_position");
            rawColumns.Should().Equal(spec.Columns.Select(c => c.Name)
                .Concat(["_op", "_change_version", "_run_id", "_ingested_at"]));
        }
        var types = await PostgresDatabase.QueryColumnAsync(connectionString,
            """
            SELECT column_name || ':' || data_type FROM information_schema.columns
            WHERE table_schema = 'trusted' AND table_name = 'marketplace_order_items' ORDER BY ordinal_position
            """);
        types.Should().Equal("order_id:text", "order_item_id:integer", "product_id:text", "seller_id:text",
            "shipping_limit_date:timestamp without time zone", "price:numeric", "freight_value:numeric",
            "_change_version:bigint", "_run_id:uuid", "_loaded_at:timestamp with time zone");
    }

    [Fact]
    public async Task Should_be_idempotent_and_grant_each_reader_role_its_own_layer()
    {
        await using var bed = await WarehouseTestBed.CreateAsync(database);

        await bed.Engine.InitializeAsync(CancellationToken.None);

        (await bed.ScalarAsync("SELECT count(*) FROM land.schema_migrations")).Should().Be(12L);
        Task<object?> Can(string role, string table, string privilege) =>
            bed.ScalarAsync($"SELECT has_table_privilege('{role}', '{table}', '{privilege}')");
        (await Can("lake_trusted_reader", "trusted.marketplace_orders", "SELECT")).Should().Be(true);
        (await Can("lake_trusted_reader", "raw.marketplace_orders", "SELECT")).Should().Be(false);
        (await Can("lake_marts_reader", "marts.review_word_counts", "SELECT")).Should().Be(true);
        (await Can("lake_marts_reader", "marts.monthly_sales_fx_inflation", "SELECT")).Should().Be(true,
            "the default privileges cover marts created by later migrations");
        (await Can("lake_marts_reader", "trusted.marketplace_orders", "SELECT")).Should().Be(false);
        (await Can("lake_raw_reader", "raw.reviews_order_reviews", "SELECT")).Should().Be(true);
        (await Can("lake_marts_reader", "marts.review_word_counts", "INSERT")).Should().Be(false);
    }

    [Fact]
    public async Task Should_make_a_change_table_made_with_a_primary_key_append_only_once()
    {
        await using var bed = await WarehouseTestBed.CreateAsync(database);
        const string keyOf = "SELECT count(*) FROM pg_constraint WHERE contype = 'p' AND conrelid = " +
            "'land.changes_marketplace_orders'::regclass";
        (await bed.ScalarAsync(keyOf)).Should().Be(0L, "a change table is created append-only");
        // As an earlier version left it: a primary key on the change table, migration 0009 not yet applied.
        await bed.QueryAsync("ALTER TABLE land.changes_marketplace_orders ADD CONSTRAINT " +
            "changes_marketplace_orders_pkey PRIMARY KEY (order_id)");
        await bed.QueryAsync("DELETE FROM land.schema_migrations WHERE name LIKE '0009%'");

        await bed.Engine.InitializeAsync(CancellationToken.None);

        (await bed.ScalarAsync(keyOf)).Should().Be(0L, "the migration dropped the old primary key");
        (await bed.ScalarAsync("SELECT count(*) FROM pg_constraint WHERE contype = 'p' AND conrelid = " +
            "'land.changes_all'::regclass")).Should().Be(1L, "land.changes_all keeps its key");
        await bed.Engine.InitializeAsync(CancellationToken.None);
        (await bed.ScalarAsync("SELECT count(*) FROM land.schema_migrations WHERE name LIKE '0009%'"))
            .Should().Be(1L, "it runs once");
    }

    [Fact]
    public async Task Should_find_a_runs_raw_rows_through_a_brin_index_in_place_of_the_old_btree()
    {
        await using var bed = await WarehouseTestBed.CreateAsync(database);
        const string indexes = "SELECT string_agg(c.relname || ':' || am.amname, ',' ORDER BY c.relname) " +
            "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam " +
            "WHERE i.indrelid = 'raw.marketplace_orders'::regclass";
        (await bed.ScalarAsync(indexes)).Should().Be("marketplace_orders_run_id_brin:brin");
        // As an earlier version left it: a b-tree on the run id.
        await bed.QueryAsync("DROP INDEX raw.marketplace_orders_run_id_brin");
        await bed.QueryAsync("CREATE INDEX marketplace_orders_run_id_idx ON raw.marketplace_orders (_run_id)");

        await bed.Engine.InitializeAsync(CancellationToken.None);

        (await bed.ScalarAsync(indexes)).Should().Be("marketplace_orders_run_id_brin:brin",
            "the b-tree is replaced, not kept beside the new index");
    }
}
