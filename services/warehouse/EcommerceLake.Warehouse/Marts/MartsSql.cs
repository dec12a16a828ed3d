using System.Security.Cryptography;
using System.Text;

namespace EcommerceLake.Warehouse.Marts;

/// <summary>
/// The marts' SQL for PostgreSQL, embedded as <c>Marts/{name}.sql</c>: the fact tables' and the marts' INSERT
/// statements (scoped by a marker comment to the keys being maintained) and the incremental maintenance scripts of
/// the two chains (<see cref="MartsChain"/>).
/// </summary>
internal static class MartsSql
{
    /// <summary>
    /// The mart tables in build order (<c>monthly_sales_fx_inflation</c> reads <c>daily_sales_by_state_category</c>
    /// and <c>customer_recommendations</c> reads <c>bought_together</c>, so each comes after).
    /// </summary>
    public static readonly string[] Marts = ["daily_sales_by_state_category", "review_word_counts",
        "monthly_sales_fx_inflation", "bought_together", "customer_recommendations"];

    /// <summary>The fact tables the marts are built from, in build order, in both engines.</summary>
    public static readonly string[] Facts = ["order_lines", "review_words"];

    /// <summary>
    /// Tables of the PostgreSQL engine only that a chain maintains with its fact tables: <c>order_baskets</c>, the
    /// number of baskets that support and lift divide by (Migrations/0008_order_baskets.sql), so that an incremental
    /// build does not count every order again, and <c>basket_lines</c>, the lines of the baskets with two products or
    /// more (Migrations/0012_basket_lines.sql), so that pairing products does not join every order line with itself.
    /// The BigQuery engine does both in its statements.
    /// </summary>
    public static readonly string[] PostgresFacts = ["order_baskets", "basket_lines"];

    /// <summary>
    /// The trusted tables whose changed keys a load records in <c>land.changes_{table}</c>: those the marts read
    /// (every chain's <see cref="MartsChain.SourceTables"/>), except the economics series, whose only mart is rebuilt
    /// in full by every build.
    /// </summary>
    public static readonly IReadOnlySet<string> SourceTables = new SortedSet<string>(
        MartsChain.All.SelectMany(c => c.SourceTables), StringComparer.Ordinal);

    /// <summary>Marker of the incremental script: a line <c>-- run: {name}</c> runs <c>Marts/{name}.sql</c>
    /// scoped.</summary>
    public const string RunPrefix = "-- run: ";

    /// <summary>The condition (an <c>AND …</c>) each scoped statement gets in an incremental build, by
    /// marker.</summary>
    public static readonly IReadOnlyDictionary<string, string> IncrementalScopes = new Dictionary<string, string>
    {
        ["/*ORDERS*/"] = "AND i.order_id IN (SELECT order_id FROM lake_orders)",
        ["/*REVIEWS*/"] = "AND (r.review_id, r.order_id) IN (SELECT review_id, order_id FROM " +
            "land.changes_reviews_order_reviews)",
        ["/*PRODUCTS*/"] = "AND a.product_id IN (SELECT product_id FROM lake_pair_products)",
        ["/*CUSTOMERS*/"] = "AND customer_unique_id IN (SELECT customer_unique_id FROM lake_customers)",
    };

    /// <summary>The SHA-256 (hex) of every embedded marts, migration and BigQuery marts script: a build whose
    /// predecessor ran another definition rebuilds in full.</summary>
    public static string Definition { get; } = Hash("EcommerceLake.Warehouse.Marts.",
        "EcommerceLake.Warehouse.Migrations.", "EcommerceLake.Warehouse.BigQuery.Sql.");

    /// <summary>The text of <c>Marts/{name}.sql</c>.</summary>
    /// <exception cref="InvalidOperationException">The resource is missing.</exception>
    public static string Load(string name)
    {
        var assembly = typeof(MartsSql).Assembly;
        using var stream = assembly.GetManifestResourceStream($"EcommerceLake.Warehouse.Marts.{name}.sql")
            ?? throw new InvalidOperationException($"The embedded resource Marts/{name}.sql is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary><paramref name="sql"/> with every scope marker replaced: by nothing for a full build, else by its
    /// <see cref="IncrementalScopes"/> condition.</summary>
    public static string Scoped(string sql, bool incremental) => IncrementalScopes.Aggregate(sql,
        (text, scope) => text.Replace(scope.Key, incremental ? scope.Value : "", StringComparison.Ordinal));

    /// <summary>Splits a script at the <c>;</c> ending a line and at <see cref="RunPrefix"/> lines, dropping
    /// statements that hold only comments: each step is either SQL or a <see cref="RunPrefix"/> line.</summary>
    public static IReadOnlyList<string> Split(string script)
    {
        var steps = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            var text = current.ToString().Trim();
            if (text.Split('\n').Any(l => l.Trim().Length > 0
                && !l.TrimStart().StartsWith("--", StringComparison.Ordinal)))
                steps.Add(text);
            current.Clear();
        }
        foreach (var line in script.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.StartsWith(RunPrefix, StringComparison.Ordinal))
            {
                Flush();
                steps.Add(line.Trim());
                continue;
            }
            if (line.TrimEnd().EndsWith(';'))
            {
                current.AppendLine(line.TrimEnd()[..^1]);
                Flush();
                continue;
            }
            current.AppendLine(line);
        }
        Flush();
        return steps;
    }

    private static string Hash(params string[] prefixes)
    {
        var assembly = typeof(MartsSql).Assembly;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => prefixes.Any(p =>
            n.StartsWith(p, StringComparison.Ordinal))).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            sha.AppendData(Encoding.UTF8.GetBytes(name));
            sha.AppendData(buffer.ToArray());
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
