namespace EcommerceLake.DemoSources.Snapshot;

/// <summary>Rows per stream in the sources, for the demo's summary table.</summary>
/// <param name="RowsByStream">Stream key (<c>{source}.{stream}</c>) → rows: table rows for the database sources,
/// distinct keys over every matching file for files streams.</param>
public sealed record SourceCounts(IReadOnlyDictionary<string, long> RowsByStream)
{
    /// <summary>Rows of the stream <paramref name="streamKey"/> (<c>{source}.{stream}</c>).</summary>
    /// <exception cref="KeyNotFoundException">The stream was not counted.</exception>
    public long this[string streamKey] =>
        RowsByStream.TryGetValue(streamKey, out var rows)
            ? rows
            : throw new KeyNotFoundException(
                $"Stream '{streamKey}' was not counted (counted: {string.Join(", ", RowsByStream.Keys)}).");
}
