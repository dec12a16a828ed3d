using EcommerceLake.Streams;
using EcommerceLake.Testing;

namespace EcommerceLake.Processing.Tests.PySpark;

/// <summary>
/// Land records for a stream: a sample of the real Olist rows where the stream has an Olist file, synthesized rows
/// otherwise, with changing operations and versions, plus malformed and tricky rows.
/// </summary>
public static class LandSamples
{
    private static readonly Dictionary<string, string> OlistFileOf = new()
    {
        ["marketplace.customers"] = "olist_customers_dataset.csv.gz",
        ["marketplace.order_items"] = "olist_order_items_dataset.csv.gz",
        ["marketplace.order_payments"] = "olist_order_payments_dataset.csv.gz",
        ["marketplace.orders"] = "olist_orders_dataset.csv.gz",
        ["marketplace.products"] = "olist_products_dataset.csv.gz",
        ["marketplace.sellers"] = "olist_sellers_dataset.csv.gz",
        ["reviews.order_reviews"] = "olist_order_reviews_dataset.csv.gz",
        ["files.sellers"] = "olist_sellers_dataset.csv.gz",
        ["files.products"] = "olist_products_dataset.csv.gz",
        ["files.category_translation"] = "product_category_name_translation.csv.gz",
    };

    public static bool HasOlistFile(StreamSpec spec) => OlistFileOf.ContainsKey(spec.Key);

    /// <summary>About <paramref name="count"/> business rows (aligned with the spec's columns), spread over the
    /// source.</summary>
    public static List<string?[]> Business(StreamSpec spec, int count)
    {
        if (!OlistFileOf.TryGetValue(spec.Key, out var file))
            return Enumerable.Range(0, count)
                .Select(i => spec.Columns.Select(c => (string?)Synthesized(c, i)).ToArray()).ToList();
        var all = OlistFiles.Read(file, spec);
        var step = Math.Max(1, all.Count / count);
        var rows = all.Where((_, i) => i % step == 0).Take(count).ToList();
        for (var i = 0; i < rows.Count; i += 3)
            for (var c = 0; c < spec.Columns.Count; c++)
                if (spec.Columns[c].Type == ColumnType.Json)
                    rows[i][c] = i % 2 == 0 ? $"[ {{\"id\": \"p{i}\", \"qty\": {i % 5}.50}} ]" : "{}";
        return rows;
    }

    /// <summary>Business rows as land records: operations I, U, D in turn, versions counting up, some padded.</summary>
    public static List<string?[]> Land(StreamSpec spec, IReadOnlyList<string?[]> business) =>
        business.Select((r, i) => (string?[])[(i % 7) switch { 3 => "U", 5 => "D", 6 => " u ", _ => "I" },
            (i % 11 == 0 ? $" {i + 1} " : $"{i + 1}"), .. r]).ToList();

    /// <summary>Rows that fail typing or test its edges, built on <paramref name="good"/> (a business row).</summary>
    public static List<string?[]> Malformed(StreamSpec spec, string?[] good)
    {
        var rows = new List<string?[]>
        {
            (string?[])["X", "1", .. good],
            (string?[])["I", "v1", .. good],
            (string?[])[null, null, .. good],
            (string?[])["I", "+0042", .. good],
            (string?[])["D", "9223372036854775808", .. good],
        };
        var key = spec.Columns.ToList().FindIndex(c => spec.PrimaryKey.Contains(c.Name));
        rows.Add(["I", "2", .. With(good, key, " ")]);
        rows.Add(["D", "2", .. With(good, key, null)]);
        rows.Add(["I", "3", .. good.Select(v => v is null ? null : $"\u00a0{v}\t")]);
        var delete = spec.Columns
            .Select((c, i) => spec.PrimaryKey.Contains(c.Name) ? good[i] : "<bad & \"value\">").ToArray();
        rows.Add(["D", "4", .. delete]);
        rows.Add(["I", "4", .. delete]);
        for (var i = 0; i < spec.Columns.Count; i++)
        {
            var column = spec.Columns[i];
            if (column.Type == ColumnType.String)
            {
                rows.Add(["U", "5", .. With(good, i, "Olá, \"mundo\"\nsegunda linha 😀 <&>")]);
                rows.Add(["U", "6", .. With(good, i, "")]);
            }
            else
            {
                rows.Add(["I", "7", .. With(good, i, column.Type == ColumnType.Json ? "[1," : "n/a é 😀")]);
                rows.Add(["U", "8", .. With(good, i, column.Type switch
                {
                    ColumnType.Int => " +0042 ", ColumnType.BigInt => "-0", ColumnType.Decimal => " 1.50- ",
                    ColumnType.Timestamp => "2018-01-02T03:04:05.25-03:00", ColumnType.Date => "2018-01-02T00:00:00Z",
                    _ => " [ 1 ,2 ] ",
                })]);
            }
        }
        return rows;
    }

    private static string?[] With(string?[] row, int index, string? value)
    {
        var copy = (string?[])row.Clone();
        copy[index] = value;
        return copy;
    }

    private static string Synthesized(ColumnSpec column, int i) => column.Type switch
    {
        ColumnType.Int => (i * 7 - 3).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ColumnType.BigInt => (i * 1_000_000_007L).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ColumnType.Decimal => $"{i}.{i % 100:D2}",
        ColumnType.Timestamp => new DateTime(2018, 1, 1).AddMinutes(i * 97)
            .ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        ColumnType.Date => new DateOnly(2000, 1, 1).AddDays(i)
            .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ColumnType.Json => $"{{\"n\": {i}}}",
        _ => $"{column.Name}-{i}",
    };
}
