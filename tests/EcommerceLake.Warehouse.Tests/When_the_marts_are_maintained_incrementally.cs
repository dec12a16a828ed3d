using System.Globalization;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using EcommerceLake.Warehouse.Marts;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Warehouse.Tests;

/// <summary>
/// The real Olist data, with the orders purchased from 2018-07-01 (their items and customers) and the reviews answered
/// from then held back, is loaded and the marts built in full; then a change batch like the demo's (the held-back rows,
/// shipped orders delivered, processing orders canceled, items deleted, the missing category translations) plus a
/// moved customer, a recategorized product, an edited and a deleted review and a deleted order is loaded, and the
/// marts are maintained incrementally. A full rebuild must then find every mart and fact table exactly as the
/// incremental build left it.
/// </summary>
public sealed class When_the_marts_are_maintained_incrementally(PostgresDatabase database)
    : IClassFixture<PostgresDatabase>
{
    private const string HoldBackFrom = "2018-07-01";

    private static readonly string[] Tables = ["daily_sales_by_state_category", "review_word_counts",
        "monthly_sales_fx_inflation", "bought_together", "customer_recommendations", "order_lines", "order_baskets",
        "basket_lines", "review_words"];

    [Fact]
    public async Task Should_leave_the_marts_as_a_full_rebuild_would_after_the_change_batch()
    {
        await using var bed = await WarehouseTestBed.CreateAsync(database);
        var data = Read();
        var orders = data["orders"];
        var held = orders.Where(o => string.CompareOrdinal(o[3], HoldBackFrom) >= 0).Select(o => o[0]!)
            .ToHashSet(StringComparer.Ordinal);
        var heldCustomers = orders.Where(o => held.Contains(o[0]!)).Select(o => o[1]!)
            .ToHashSet(StringComparer.Ordinal);
        bool IsHeld(string stream, string?[] r) => stream switch
        {
            "orders" or "order_items" => held.Contains(r[0]!),
            "customers" => heldCustomers.Contains(r[0]!),
            "order_reviews" => string.CompareOrdinal(r[6], HoldBackFrom) >= 0,
            _ => false,
        };
        var translation = data["category_translation"];
        foreach (var (source, stream, _) in Streams)
            await bed.LoadAsync(source, stream, data[stream].Where(r => !IsHeld(stream, r)).Select(r => Row("I", r)),
                isFullSnapshot: stream == "category_translation", partRows: 20_000);
        await bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);
        (await bed.QueryAsync("SELECT mode FROM marts.builds")).Select(r => r[0]).Should()
            .Equal(["full", "full"], "the first build of each chain has no base");

        foreach (var (source, stream, _) in Streams.Where(s => s.Stream != "category_translation"))
            await bed.LoadAsync(source, stream, data[stream].Where(r => IsHeld(stream, r)).Select(r => Row("I", r)));
        await bed.LoadAsync("marketplace", "orders", OrderUpdates(orders, held));
        await bed.LoadAsync("marketplace", "order_items", ItemDeletions(data["order_items"], held));
        var categories = data["products"].Select(p => p[1]).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var translated = translation.Select(t => t[0]!).ToHashSet(StringComparer.Ordinal);
        var missing = categories.Where(c => !translated.Contains(c)).Order(StringComparer.Ordinal).ToList();
        missing.Should().NotBeEmpty("the real translation file lacks some categories");
        await bed.LoadAsync("files", "category_translation", translation.Select(t => Row("I", t))
            .Concat(missing.Select(c => Row("I", [c, c + "_en"]))), isFullSnapshot: true);
        await bed.LoadAsync("marketplace", "customers", [Row("U", With(data["customers"][0], 4, "ZZ"))]);
        var delivered = orders.Where(o => o[2] == "delivered" && !held.Contains(o[0]!)).Select(o => o[0]!)
            .ToHashSet(StringComparer.Ordinal);
        var pairProduct = data["order_items"].Where(i => delivered.Contains(i[0]!)).GroupBy(i => i[0])
            .First(g => g.Select(i => i[2]).Distinct().Count() > 1).First()[2]!;
        await bed.LoadAsync("marketplace", "products",
            [Row("U", With(data["products"].Single(p => p[0] == pairProduct), 1, "brinquedos"))]);
        var reviews = data["order_reviews"].Where(r => r[4] is not null && !IsHeld("order_reviews", r)).Take(2)
            .ToList();
        await bed.LoadAsync("reviews", "order_reviews",
            [Row("U", With(reviews[0], 4, "produto excelente chegou rápido")), Row("D", reviews[1])]);
        await bed.LoadAsync("marketplace", "orders", [Row("D", orders.First(o => !held.Contains(o[0]!)))]);
        // A review and an order changed again by a later load: their keys are recorded once per load.
        var heldReview = data["order_reviews"].First(r => r[4] is not null && IsHeld("order_reviews", r));
        await bed.LoadAsync("reviews", "order_reviews", [Row("U", With(heldReview, 4, "chegou antes do prazo"))]);
        var heldOrder = orders.First(o => held.Contains(o[0]!) && o[2] == "delivered");
        await bed.LoadAsync("marketplace", "orders", [Row("U", With(heldOrder, 2, "canceled"))]);
        (await bed.ScalarAsync("SELECT count(*) FROM land.changes_reviews_order_reviews " +
            $"WHERE review_id = '{heldReview[0]}'")).Should().Be(2L, "the insert and the edit each recorded it");
        (await bed.ScalarAsync("SELECT count(*) FROM land.changes_marketplace_orders " +
            $"WHERE order_id = '{heldOrder[0]}'")).Should().Be(2L, "the insert and the cancellation each recorded it");

        var result = await bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);
        (await bed.ScalarAsync(Latest("orders"))).Should().Be("incremental");
        (await bed.ScalarAsync(Latest("reviews"))).Should().Be("incremental");
        (await bed.ScalarAsync("SELECT count(*) FROM land.changes_marketplace_orders")).Should().Be(0L);
        var incremental = await SnapshotAsync(bed);

        await bed.QueryAsync("UPDATE marts.builds SET definition = 'an older definition'");
        var rebuilt = await bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);
        (await bed.ScalarAsync(Latest("orders"))).Should().Be("full");
        var full = await SnapshotAsync(bed);

        result.RowCounts.Should().BeEquivalentTo(rebuilt.RowCounts);
        foreach (var table in Tables)
        {
            full[table].Should().NotBeEmpty();
            incremental[table].Should().Equal(full[table], "marts.{0} after the incremental build", table);
        }
        full["daily_sales_by_state_category"].Should().Contain(r => r.StartsWith("2018-08", StringComparison.Ordinal),
            "the held-back orders arrived");
        full["bought_together"].Should().Contain(r => r.StartsWith(pairProduct + "|1|", StringComparison.Ordinal) &&
            r.Contains("|toys|", StringComparison.Ordinal), "the recategorized product moved");
    }

    [Fact]
    public async Task Should_change_nothing_when_nothing_changed_or_the_build_is_delivered_again()
    {
        await using var bed = await WarehouseTestBed.CreateAsync(database);
        var data = Read();
        foreach (var (source, stream, _) in Streams)
            await bed.LoadAsync(source, stream, data[stream].Take(5000).Select(r => Row("I", r)));
        var runId = Guid.NewGuid();
        await bed.Engine.BuildMartsAsync(runId, null, CancellationToken.None);
        var before = await SnapshotAsync(bed);

        await bed.LoadAsync("marketplace", "orders", data["orders"].Take(5000).Select(r => Row("I", r)));
        await bed.Engine.BuildMartsAsync(runId, null, CancellationToken.None);
        await bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);

        foreach (var chain in new[] { "orders", "reviews" })
            (await bed.QueryAsync($"SELECT mode FROM marts.builds WHERE chain = '{chain}' ORDER BY built_at"))
                .Select(r => r[0]).Should().Equal(["full", "unchanged", "unchanged"], "the {0} chain", chain);
        var after = await SnapshotAsync(bed);
        foreach (var table in Tables) after[table].Should().Equal(before[table]);
    }

    [Fact]
    public async Task Should_rebuild_in_full_after_a_table_was_loaded_for_the_first_time()
    {
        await using var bed = await WarehouseTestBed.CreateAsync(database);
        var data = Read();
        foreach (var (source, stream, _) in Streams.Where(s => s.Stream != "orders"))
            await bed.LoadAsync(source, stream, data[stream].Take(5000).Select(r => Row("I", r)));
        await bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);

        var first = await bed.LoadAsync("marketplace", "orders", data["orders"].Take(5000).Select(r => Row("I", r)));
        first.Inserted.Should().Be(5000);
        (await bed.ScalarAsync("SELECT count(*) FROM land.changes_marketplace_orders")).Should()
            .Be(0L, "an initial load records its table, not each key");
        (await bed.QueryAsync("SELECT table_name FROM land.changes_all")).Select(r => r[0])
            .Should().Equal("marketplace_orders");
        await bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);
        (await bed.ScalarAsync(Latest("orders"))).Should()
            .Be("full", "no key was recorded, yet every order is new to the marts");
        (await bed.ScalarAsync("SELECT count(*) FROM land.changes_all")).Should().Be(0L);
        var afterInitial = await SnapshotAsync(bed);
        afterInitial["order_lines"].Should().NotBeEmpty("the orders reached the marts");

        await bed.LoadAsync("marketplace", "orders", data["orders"].Skip(5000).Take(10).Select(r => Row("I", r)));
        (await bed.ScalarAsync("SELECT count(*) FROM land.changes_marketplace_orders")).Should().Be(10L);
        (await bed.ScalarAsync("SELECT count(*) FROM land.changes_all")).Should().Be(0L);
        await bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);
        (await bed.ScalarAsync(Latest("orders"))).Should()
            .Be("incremental");
    }

    [Fact]
    public async Task Should_keep_the_keys_of_a_failed_chain_while_the_other_chain_commits()
    {
        await using var bed = await WarehouseTestBed.CreateAsync(database);
        var data = Read();
        foreach (var (source, stream, _) in Streams)
            await bed.LoadAsync(source, stream, data[stream].Take(5000).Select(r => Row("I", r)));
        await bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);
        var items = data["order_items"].Take(5000).Select(i => i[0]).ToHashSet(StringComparer.Ordinal);
        var sold = data["orders"].Take(5000).Where(o => o[2] == "delivered" && items.Contains(o[0])).Take(10).ToList();
        await bed.LoadAsync("marketplace", "orders", sold.Select(o => Row("U", With(o, 2, "canceled"))));
        await bed.LoadAsync("reviews", "order_reviews",
            data["order_reviews"].Skip(5000).Where(r => r[4] is not null).Take(10).Select(r => Row("I", r)));
        var before = await SnapshotAsync(bed);

        // The review chain fails (its mart is gone) while the order chain, on its own connection, has the run's
        // orders to maintain.
        await bed.QueryAsync("ALTER TABLE marts.review_word_counts RENAME TO review_word_counts_away");
        var build = () => bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);
        await build.Should().ThrowAsync<Npgsql.PostgresException>().Where(e => e.SqlState == "42P01");
        await bed.QueryAsync("ALTER TABLE marts.review_word_counts_away RENAME TO review_word_counts");

        (await bed.ScalarAsync("SELECT count(*) FROM land.changes_marketplace_orders")).Should()
            .Be(0L, "the order chain committed in its own transaction");
        (await bed.ScalarAsync("SELECT count(*) FROM land.changes_reviews_order_reviews")).Should()
            .Be(10L, "the failed review chain rolled back and kept its keys");
        (await bed.QueryAsync("SELECT chain FROM marts.builds ORDER BY built_at, chain")).Select(r => r[0]).Should()
            .Equal(["orders", "reviews", "orders"]);
        var after = await SnapshotAsync(bed);
        foreach (var table in MartsChain.Reviews.Facts.Concat(MartsChain.Reviews.Marts))
            after[table].Should().Equal(before[table], "marts.{0} is untouched", table);
        after["order_lines"].Count.Should().BeLessThan(before["order_lines"].Count, "the orders were canceled");

        await bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);
        (await bed.ScalarAsync(Latest("orders"))).Should()
            .Be("unchanged", "the order chain has nothing left to do");
        (await bed.ScalarAsync(Latest("reviews"))).Should().Be("incremental");
        var incremental = await SnapshotAsync(bed);
        await bed.QueryAsync("UPDATE marts.builds SET definition = 'an older definition'");
        await bed.Engine.BuildMartsAsync(Guid.NewGuid(), null, CancellationToken.None);
        var full = await SnapshotAsync(bed);
        foreach (var table in Tables)
            incremental[table].Should().Equal(full[table], "marts.{0} after the build that followed", table);
        incremental["order_lines"].Count.Should().BeLessThan(before["order_lines"].Count, "the orders were canceled");
        incremental["review_words"].Count.Should().BeGreaterThan(before["review_words"].Count);
    }

    /// <summary>The mode of <paramref name="chain"/>'s latest build.</summary>
    private static string Latest(string chain) =>
        $"SELECT mode FROM marts.builds WHERE chain = '{chain}' ORDER BY built_at DESC LIMIT 1";

    private static readonly (string Source, string Stream, string File)[] Streams =
    [
        ("marketplace", "customers", "olist_customers_dataset.csv.gz"),
        ("marketplace", "orders", "olist_orders_dataset.csv.gz"),
        ("marketplace", "order_items", "olist_order_items_dataset.csv.gz"),
        ("marketplace", "products", "olist_products_dataset.csv.gz"),
        ("files", "category_translation", "product_category_name_translation.csv.gz"),
        ("reviews", "order_reviews", "olist_order_reviews_dataset.csv.gz"),
    ];

    private static Dictionary<string, List<string?[]>> Read() => Streams.ToDictionary(s => s.Stream,
        s => OlistFiles.Read(s.File, StreamCatalog.Default.Get(s.Source, s.Stream)));

    private static string?[] Row(string op, string?[] values) => [op, op == "I" ? "1" : "2", .. values];

    private static string?[] With(string?[] row, int column, string? value)
    {
        var copy = (string?[])row.Clone();
        copy[column] = value;
        return copy;
    }

    /// <summary>200 shipped orders delivered, 75 processing or approved orders canceled (seeded orders, by
    /// id).</summary>
    private static IEnumerable<string?[]> OrderUpdates(List<string?[]> orders, HashSet<string> held)
    {
        var seeded = orders.Where(o => !held.Contains(o[0]!)).OrderBy(o => o[0], StringComparer.Ordinal).ToList();
        var delivered = seeded.Where(o => o[2] == "shipped").Take(200)
            .Select(o => With(With(o, 2, "delivered"), 6, "2018-09-01 12:00:00"));
        var canceled = seeded.Where(o => o[2] is "processing" or "approved").Take(75)
            .Select(o => With(o, 2, "canceled"));
        return delivered.Concat(canceled).Select(o => Row("U", o)).ToList();
    }

    /// <summary>The last item of 100 seeded orders that have several.</summary>
    private static IEnumerable<string?[]> ItemDeletions(List<string?[]> items, HashSet<string> held) => items
        .Where(i => !held.Contains(i[0]!)).GroupBy(i => i[0]!).Where(g => g.Count() > 1)
        .OrderBy(g => g.Key, StringComparer.Ordinal).Take(100)
        .Select(g => Row("D", g.MaxBy(i => int.Parse(i[1]!, CultureInfo.InvariantCulture))!)).ToList();

    /// <summary>Every row of the mart and fact tables as text (numbers without trailing zeros), sorted.</summary>
    private static async Task<Dictionary<string, List<string>>> SnapshotAsync(WarehouseTestBed bed)
    {
        var snapshot = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in Tables)
            snapshot[table] = (await bed.QueryAsync($"SELECT * FROM marts.{table}"))
                .Select(r => string.Join("|", r.Select(Text))).Order(StringComparer.Ordinal).ToList();
        return snapshot;
    }

    private static string Text(object? value) => value switch
    {
        null => "∅",
        decimal d => d.ToString("0.############################", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateOnly t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
