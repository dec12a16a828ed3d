using System.Globalization;
using EcommerceLake.DemoSources.Olist;
using EcommerceLake.Streams;

namespace EcommerceLake.DemoSources.Seeding;

/// <summary>
/// The deterministic cut of the dataset into the seed and the change batch, computed from the data and
/// <see cref="DemoSourceSettings.HoldBackFrom"/> alone (so seeding and the change batch need no shared state):
/// <list type="bullet">
/// <item>held back: orders purchased on/after the date, their items and payments, the customers only they
/// reference; reviews answered on/after the date;</item>
/// <item>status updates on seeded orders: <see cref="DeliveredCount"/> 'shipped' → 'delivered' (with a delivery
/// date 2–11 days after the carrier date) and <see cref="CanceledCount"/> 'processing'/'approved' →
/// 'canceled';</item>
/// <item><see cref="DeletedItemCount"/> deletions: the last item of seeded orders that have several;</item>
/// <item>translations for the product categories the translation table lacks.</item>
/// </list>
/// Every choice spreads evenly over candidates sorted by key (ordinal), so it is the same on every run.
/// </summary>
internal sealed class DemoPlan
{
    /// <summary>Shipped orders the batch delivers.</summary>
    public const int DeliveredCount = 200;
    /// <summary>Processing or approved orders the batch cancels.</summary>
    public const int CanceledCount = 75;
    /// <summary>Order items the batch deletes.</summary>
    public const int DeletedItemCount = 100;

    private DemoPlan() { }

    /// <summary>Dataset table → rows seeded (dataset column order).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string?[]>> Seeded { get; init; }
    /// <summary>Dataset table → rows held back for the change batch (dataset column order).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string?[]>> HeldBack { get; init; }
    /// <summary>Shipped orders to deliver, with the delivery date.</summary>
    public required IReadOnlyList<(string OrderId, DateTime DeliveredAt)> Deliveries { get; init; }
    /// <summary>Processing/approved orders to cancel.</summary>
    public required IReadOnlyList<string> Cancellations { get; init; }
    /// <summary>Order items to delete.</summary>
    public required IReadOnlyList<(string OrderId, int OrderItemId)> ItemDeletions { get; init; }
    /// <summary>Categories present in products but missing from the translation table, with their English
    /// name.</summary>
    public required IReadOnlyList<(string Category, string English)> NewTranslations { get; init; }

    /// <summary>Computes the plan.</summary>
    /// <exception cref="InvalidDataException">A timestamp or item number of the data cannot be read.</exception>
    public static DemoPlan Create(OlistDataset data, DateTime holdBackFrom)
    {
        var orders = data[OlistDataset.Orders];
        int orderId = orders.ColumnIndex("order_id"), customerId = orders.ColumnIndex("customer_id"),
            status = orders.ColumnIndex("order_status"), purchased = orders.ColumnIndex("order_purchase_timestamp"),
            carrier = orders.ColumnIndex("order_delivered_carrier_date");

        var heldOrders = orders.Rows.Where(r => Timestamp(r[purchased], orders.Name) >= holdBackFrom).ToList();
        var heldOrderIds = heldOrders.Select(r => r[orderId]!).ToHashSet(StringComparer.Ordinal);
        var seededCustomerIds = orders.Rows.Where(r => !heldOrderIds.Contains(r[orderId]!)).Select(r => r[customerId])
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        var heldCustomerIds = heldOrders.Select(r => r[customerId]).OfType<string>()
            .Where(c => !seededCustomerIds.Contains(c)).ToHashSet(StringComparer.Ordinal);

        var reviews = data[OlistDataset.OrderReviews];
        var answered = reviews.ColumnIndex("review_answer_timestamp");

        var rules = new Dictionary<string, Func<string?[], bool>>(StringComparer.Ordinal)
        {
            [OlistDataset.Orders] = r => heldOrderIds.Contains(r[orderId]!),
            [OlistDataset.OrderItems] = ByOrder(data[OlistDataset.OrderItems], heldOrderIds),
            [OlistDataset.OrderPayments] = ByOrder(data[OlistDataset.OrderPayments], heldOrderIds),
            [OlistDataset.Customers] = ByValue(data[OlistDataset.Customers], "customer_id", heldCustomerIds),
            [OlistDataset.OrderReviews] = r => Timestamp(r[answered], reviews.Name) >= holdBackFrom,
        };
        var seeded = new Dictionary<string, IReadOnlyList<string?[]>>(StringComparer.Ordinal);
        var held = new Dictionary<string, IReadOnlyList<string?[]>>(StringComparer.Ordinal);
        foreach (var table in data.Tables.Values)
        {
            var isHeld = rules.GetValueOrDefault(table.Name, _ => false);
            seeded[table.Name] = table.Rows.Where(r => !isHeld(r)).ToList();
            held[table.Name] = table.Rows.Where(isHeld).ToList();
        }

        var seededOrders = seeded[OlistDataset.Orders];
        var shipped = Spread(seededOrders.Where(r => r[status] == "shipped")
            .OrderBy(r => r[orderId], StringComparer.Ordinal).ToList(), DeliveredCount);
        var deliveries = shipped.Select((r, i) =>
        {
            var from = Timestamp(r[carrier], orders.Name) ?? Timestamp(r[purchased], orders.Name)!.Value;
            // 2–11 days after the carrier took it, during the day, varying with the position (deterministic).
            var deliveredAt = from.Date.AddDays(2 + i % 10).AddHours(8 + i * 7 % 11).AddMinutes(i * 13 % 60)
                .AddSeconds(i * 29 % 60);
            return (r[orderId]!, deliveredAt);
        }).ToList();
        var cancellations = Spread(seededOrders.Where(r => r[status] is "processing" or "approved")
            .Select(r => r[orderId]!).Order(StringComparer.Ordinal).ToList(), CanceledCount);

        var items = data[OlistDataset.OrderItems];
        int itemOrder = items.ColumnIndex("order_id"), itemNumber = items.ColumnIndex("order_item_id");
        var lastItems = seeded[OlistDataset.OrderItems]
            .GroupBy(r => r[itemOrder]!, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => (OrderId: g.Key, OrderItemId: g.Max(r => Int(r[itemNumber], items.Name))))
            .OrderBy(x => x.OrderId, StringComparer.Ordinal)
            .ToList();

        return new DemoPlan
        {
            Seeded = seeded,
            HeldBack = held,
            Deliveries = deliveries,
            Cancellations = cancellations,
            ItemDeletions = Spread(lastItems, DeletedItemCount),
            NewTranslations = CategoryTranslations.Missing(data),
        };
    }

    /// <summary>Rows of <paramref name="table"/> projected to <paramref name="columns"/> order (columns matched by
    /// name).</summary>
    /// <exception cref="KeyNotFoundException">The table lacks a column of the spec.</exception>
    public static IEnumerable<string?[]> Project(OlistTable table, IReadOnlyList<ColumnSpec> columns,
        IEnumerable<string?[]> rows)
    {
        var indexes = columns.Select(c => table.ColumnIndex(c.Name)).ToArray();
        return rows.Select(r => indexes.Select(i => r[i]).ToArray());
    }

    /// <summary><paramref name="count"/> items spread evenly over <paramref name="sorted"/> (all of them when
    /// fewer).</summary>
    public static List<T> Spread<T>(IReadOnlyList<T> sorted, int count) =>
        sorted.Count <= count
            ? sorted.ToList()
            : Enumerable.Range(0, count).Select(i => sorted[(int)((long)i * sorted.Count / count)]).ToList();

    private static Func<string?[], bool> ByOrder(OlistTable table, HashSet<string> orderIds)
        => ByValue(table, "order_id", orderIds);

    private static Func<string?[], bool> ByValue(OlistTable table, string column, HashSet<string> values)
    {
        var index = table.ColumnIndex(column);
        return r => r[index] is { } v && values.Contains(v);
    }

    private static DateTime? Timestamp(string? text, string table)
    {
        try { return SourceValues.Timestamp(text); }
        catch (FormatException e) { throw new InvalidDataException($"Olist table '{table}': {e.Message}.", e); }
    }

    private static int Int(string? text, string table) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"Olist table '{table}': '{text}' is not an integer.");
}
