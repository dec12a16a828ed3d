namespace EcommerceLake.Warehouse.Marts;

/// <summary>
/// The Portuguese stop words removed from <c>marts.review_word_counts</c>: the embedded <c>Marts/stopwords-pt.txt</c>,
/// NLTK's Portuguese stop word list (from the Snowball project), one lower-case word per line.
/// </summary>
public static class PortugueseStopWords
{
    private static readonly Lazy<IReadOnlyList<string>> Words = new(Load);

    /// <summary>Every stop word, in file order.</summary>
    public static IReadOnlyList<string> All => Words.Value;

    private static IReadOnlyList<string> Load()
    {
        var assembly = typeof(PortugueseStopWords).Assembly;
        using var stream = assembly.GetManifestResourceStream("EcommerceLake.Warehouse.Marts.stopwords-pt.txt")
            ?? throw new InvalidOperationException("The embedded resource Marts/stopwords-pt.txt is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd()
            .Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.ToLowerInvariant())
            .Distinct()
            .ToList();
    }
}
