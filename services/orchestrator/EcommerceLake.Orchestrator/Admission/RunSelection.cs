using EcommerceLake.Contracts;
using EcommerceLake.Streams;

namespace EcommerceLake.Orchestrator.Admission;

/// <summary>
/// What a run takes part in: the sources it leases and, when it runs only some of their streams, those streams'
/// <c>source.stream</c> keys (<see cref="RequestRun.Streams"/>). Shared by <c>POST /runs</c>, the dashboard's run
/// form, admission (<see cref="RequestRunConsumer"/>) and the saga, so each names the same selection the same way.
/// </summary>
/// <param name="Sources">The sources to lease, in the order first named.</param>
/// <param name="Streams">The keys of the streams that take part, in catalog order; null for every stream of
/// <paramref name="Sources"/>.</param>
public sealed record RunSelection(IReadOnlyList<string> Sources, IReadOnlyList<string>? Streams)
{
    /// <summary>
    /// Reads <paramref name="names"/>, each a source (every stream of it) or a stream key such as
    /// <c>marketplace.orders</c> (that stream alone): the sources in the order first named; the streams null when
    /// every name is a source, else the named streams and every stream of the named sources. Names are trimmed;
    /// repeats count once. No name at all selects every source of the catalog.
    /// </summary>
    /// <returns>The selection, or null with <paramref name="error"/> naming the unknown names and what is known.
    /// </returns>
    public static RunSelection? Resolve(StreamCatalog catalog, IEnumerable<string?>? names, out string? error)
    {
        var list = (names ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim())
            .Distinct(StringComparer.Ordinal).ToList();
        error = null;
        var known = catalog.Sources;
        if (list.Count == 0) return new RunSelection(known, null);
        var specs = catalog.All;
        var sourceOf = specs.ToDictionary(s => s.Key, s => s.Source, StringComparer.Ordinal);
        var unknown = list.Where(n => !known.Contains(n, StringComparer.Ordinal) && !sourceOf.ContainsKey(n))
            .ToList();
        if (unknown.Count > 0)
        {
            error = $"Unknown source(s) or stream(s) {string.Join(", ", unknown.Select(n => $"'{n}'"))}. Known "
                + $"sources: {string.Join(", ", known)}; a stream is named source.stream (lake stream list).";
            return null;
        }
        var sources = list.Select(n => sourceOf.GetValueOrDefault(n, n)).Distinct(StringComparer.Ordinal).ToList();
        if (!list.Any(sourceOf.ContainsKey)) return new RunSelection(sources, null);
        var streams = specs.Where(s => list.Contains(s.Key) || list.Contains(s.Source)).Select(s => s.Key).ToList();
        return new RunSelection(sources, streams);
    }

    /// <summary>
    /// Checks a selection that arrived on the bus: at least one source, every one known; <paramref name="streams"/>,
    /// when not null, known keys, each of one of <paramref name="sources"/>, naming at least one stream of every
    /// source (a source without one would be leased for nothing).
    /// </summary>
    /// <returns>Null when it holds; else why not, naming the offending sources or keys and, for sources, the known
    /// ones.</returns>
    public static string? Problem(StreamCatalog catalog, IReadOnlyList<string> sources,
        IReadOnlyList<string>? streams)
    {
        var unknownSources = sources.Where(s => !catalog.Sources.Contains(s, StringComparer.Ordinal)).ToList();
        if (sources.Count == 0 || unknownSources.Count > 0)
            return (sources.Count == 0 ? "The run names no source. "
                    : $"Unknown source(s) {string.Join(", ", unknownSources.Select(s => $"'{s}'"))}. ")
                + $"Known sources: {string.Join(", ", catalog.Sources)}.";
        if (streams is null) return null;
        if (streams.Count == 0) return "The request names an empty list of streams (omit it for every stream).";
        var specs = catalog.All.ToDictionary(s => s.Key, StringComparer.Ordinal);
        var unknown = streams.Where(k => !specs.ContainsKey(k)).ToList();
        if (unknown.Count > 0)
            return $"Unknown stream(s) {string.Join(", ", unknown.Select(k => $"'{k}'"))}; a stream is named "
                + "source.stream (lake stream list).";
        var outside = streams.Where(k => !sources.Contains(specs[k].Source, StringComparer.Ordinal)).ToList();
        if (outside.Count > 0)
            return $"Stream(s) {string.Join(", ", outside.Select(k => $"'{k}'"))} belong to no source of the run "
                + $"({string.Join(", ", sources)}).";
        var idle = sources.Where(s => !streams.Any(k => specs[k].Source == s)).ToList();
        return idle.Count > 0
            ? $"Source(s) {string.Join(", ", idle.Select(s => $"'{s}'"))} would run none of their streams."
            : null;
    }

    /// <summary>True when the stream <paramref name="key"/> (<c>source.stream</c>) takes part in a run of
    /// <paramref name="streams"/> (null: every stream of the run's sources).</summary>
    public static bool Includes(IReadOnlyList<string>? streams, string key) =>
        streams is null || streams.Contains(key, StringComparer.Ordinal);
}
