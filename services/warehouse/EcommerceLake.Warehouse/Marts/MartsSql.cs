namespace EcommerceLake.Warehouse.Marts;

/// <summary>The marts' INSERT statements, embedded as <c>Marts/{mart}.sql</c>.</summary>
internal static class MartsSql
{
    /// <summary>
    /// The mart tables in build order (<c>customer_recommendations</c> reads <c>bought_together</c>, so it comes
    /// after it).
    /// </summary>
    public static readonly string[] Marts = ["daily_sales_by_state_category", "review_word_counts",
        "monthly_sales_fx_inflation", "bought_together", "customer_recommendations"];

    public static string Load(string mart)
    {
        var assembly = typeof(MartsSql).Assembly;
        using var stream = assembly.GetManifestResourceStream($"EcommerceLake.Warehouse.Marts.{mart}.sql")
            ?? throw new InvalidOperationException($"The embedded resource Marts/{mart}.sql is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
