using EcommerceLake.Streams;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Warehouse.Tests.BigQuery;

public sealed class When_the_bigquery_warehouse_initializes
{
    [Fact]
    public async Task Should_create_the_datasets_and_every_table_once()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();

        await bed.Engine.InitializeAsync(CancellationToken.None);
        var tablesAfterFirst = bed.Fake.Tables;
        await bed.Engine.InitializeAsync(CancellationToken.None);

        bed.Fake.Datasets.Should().Equal("land", "marts", "raw", "trusted");
        var expected = StreamCatalog.Default.All.SelectMany(s => new[] { $"raw.{s.Table}", $"trusted.{s.Table}" })
            .Concat(["land.batches", "marts.builds", "marts.daily_sales_by_state_category",
                "marts.monthly_sales_fx_inflation", "marts.review_word_counts", "marts.bought_together",
                "marts.customer_recommendations", "marts.order_lines", "marts.review_words",
                "land.changes_files_category_translation", "land.changes_marketplace_customers",
                "land.changes_marketplace_order_items", "land.changes_marketplace_orders",
                "land.changes_marketplace_products", "land.changes_reviews_order_reviews"]);
        tablesAfterFirst.Should().BeEquivalentTo(expected);
        bed.Fake.Tables.Should()
            .Equal(tablesAfterFirst, "the second initialization finds every table (409) and creates none");
        bed.Fake.Requests.Count(r => r.EndsWith("/datasets", StringComparison.Ordinal)
                && r.StartsWith("POST", StringComparison.Ordinal))
            .Should().Be(8, "each dataset is inserted once per initialization, the second time answered 409");
        bed.Fake.Requests.Should()
            .NotContain(r => r.StartsWith("PATCH", StringComparison.Ordinal), "no table lacked a column");
    }

    [Fact]
    public async Task Should_partition_raw_by_ingestion_day_without_a_field_and_cluster_trusted_by_key()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();

        await bed.Engine.InitializeAsync(CancellationToken.None);

        foreach (var spec in StreamCatalog.Default.All)
        {
            var raw = bed.Fake.Table("raw", spec.Table)!;
            raw["timePartitioning"]!["type"]!.GetValue<string>().Should().Be("DAY");
            raw["timePartitioning"]!["field"].Should()
                .BeNull("ingestion-time partitioning uses the _PARTITIONTIME pseudo-column");
            bed.Fake.Columns("raw", spec.Table).Should().Equal(spec.Columns.Select(c => c.Name)
                .Concat(["_op", "_change_version", "_run_id", "_ingested_at"]));
            var trusted = bed.Fake.Table("trusted", spec.Table)!;
            trusted["clustering"]!["fields"]!.AsArray().Select(f => f!.GetValue<string>()).Should()
                .Equal(spec.PrimaryKey.Take(4));
            trusted["timePartitioning"].Should().BeNull();
        }
        var fields = bed.Fake.Table("trusted", "marketplace_order_items")!["schema"]!["fields"]!.AsArray()
            .Select(f => $"{f!["name"]}:{f["type"]}:{f["mode"]}");
        fields.Should().Equal("order_id:STRING:REQUIRED", "order_item_id:INT64:REQUIRED", "product_id:STRING:NULLABLE",
            "seller_id:STRING:NULLABLE", "shipping_limit_date:DATETIME:NULLABLE", "price:BIGNUMERIC:NULLABLE",
            "freight_value:BIGNUMERIC:NULLABLE", "_change_version:INT64:REQUIRED", "_run_id:STRING:REQUIRED",
            "_loaded_at:TIMESTAMP:REQUIRED");
    }

    [Fact]
    public async Task Should_patch_in_a_spec_column_the_table_lacks()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        await bed.Engine.InitializeAsync(CancellationToken.None);
        var table = bed.Fake.Table("trusted", "marketplace_orders")!;
        var fields = table["schema"]!["fields"]!.AsArray();
        fields.Remove(fields.First(f => f!["name"]!.GetValue<string>() == "order_status"));
        bed.Fake.PutTable("trusted", "marketplace_orders", table);

        await bed.Engine.InitializeAsync(CancellationToken.None);

        bed.Fake.Columns("trusted", "marketplace_orders").Should().Contain("order_status");
        bed.Fake.Columns("trusted", "marketplace_orders").Should()
            .StartWith(["order_id", "customer_id"], "existing columns keep their place");
        bed.Fake.Requests.Where(r => r.StartsWith("PATCH", StringComparison.Ordinal)).Should().ContainSingle()
            .Which.Should().EndWith("/datasets/trusted/tables/marketplace_orders");
        var added = bed.Fake.Table("trusted", "marketplace_orders")!["schema"]!["fields"]!.AsArray()
            .Single(f => f!["name"]!.GetValue<string>() == "order_status")!;
        added["mode"]!.GetValue<string>().Should().Be("NULLABLE");
    }

    [Fact]
    public async Task Should_name_the_datasets_with_the_prefix()
    {
        await using var bed = await BigQueryTestBed.CreateAsync(o => o.DatasetPrefix = "lake_");

        await bed.Engine.InitializeAsync(CancellationToken.None);

        bed.Fake.Datasets.Should().Equal("lake_land", "lake_marts", "lake_raw", "lake_trusted");
        bed.Fake.Table("lake_raw", "marketplace_orders").Should().NotBeNull();
    }
}
