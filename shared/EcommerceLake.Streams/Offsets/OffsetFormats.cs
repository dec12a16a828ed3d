namespace EcommerceLake.Streams.Offsets;

/// <summary>
/// The offset each source's connector commits, by source name, read with the connector's own parser: where an offset
/// is set by hand (the orchestrator's offset reset, from the API, the CLI or the dashboard) it is checked before it
/// is committed, so that a typo is refused at once instead of failing the source's next run.
/// </summary>
public static class OffsetFormats
{
    private static readonly Dictionary<string, Action<string>> Parsers = new(StringComparer.Ordinal)
    {
        ["marketplace"] = offset => ChangeTrackingOffset.Parse(offset),
        ["reviews"] = offset => ReviewsOffset.Parse(offset),
        ["files"] = offset => FilesLedger.Parse(offset),
        ["economics"] = offset => EconomicsOffset.Parse(offset),
    };

    /// <summary>The sources whose offset format is known here (a new connector adds its parser above).</summary>
    public static IReadOnlyCollection<string> Sources => Parsers.Keys;

    /// <summary>
    /// Why <paramref name="offset"/> is not an offset <paramref name="source"/>'s connector reads — the parser's
    /// <see cref="FormatException"/> message, which quotes the text and the expected shape, for example
    /// <c>Offset '{"changeVersion": -1}' is not a change-tracking offset {"changeVersion": N} with N a non-negative
    /// 64-bit integer.</c> — or null when it reads it. Blank text is no offset (from scratch) and reads.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> has no known offset format.</exception>
    public static string? Problem(string source, string offset)
    {
        if (!Parsers.TryGetValue(source, out var parse))
            throw new ArgumentException($"No offset format is known for source '{source}'.", nameof(source));
        try
        {
            parse(offset);
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }
}
