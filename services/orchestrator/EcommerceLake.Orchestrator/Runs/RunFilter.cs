using EcommerceLake.Streams;

namespace EcommerceLake.Orchestrator.Runs;

/// <summary>
/// Which runs a list shows: <paramref name="State"/> one of <see cref="States"/> (case-insensitive), and
/// <paramref name="Source"/> a catalog source the run reads; null for any. Used by <c>GET /runs</c>,
/// <c>lake runs</c> and the dashboard's runs page.
/// </summary>
/// <param name="State">The run's state, or null.</param>
/// <param name="Source">A source among the run's sources, or null.</param>
public sealed record RunFilter(string? State = null, string? Source = null)
{
    /// <summary>The saga's states a run can be listed by: active (<c>Running</c>, <c>BuildingMarts</c>) and ended
    /// (<c>Completed</c>, <c>Failed</c>).</summary>
    public static IReadOnlyList<string> States { get; } = ["Running", "BuildingMarts", "Completed", "Failed"];

    /// <summary>Every run.</summary>
    public static RunFilter None { get; } = new();

    /// <summary>True when neither a state nor a source is asked for.</summary>
    public bool IsEmpty => State is null && Source is null;

    /// <summary>The filter as query parameters of <c>GET /runs</c> and the dashboard's runs pages:
    /// <c>&amp;state=…&amp;source=…</c> (escaped; each only when set), empty for <see cref="None"/>.</summary>
    public string QueryParameters =>
        (State is { Length: > 0 } state ? $"&state={Uri.EscapeDataString(state)}" : "")
        + (Source is { Length: > 0 } source ? $"&source={Uri.EscapeDataString(source)}" : "");

    /// <summary>
    /// Reads <paramref name="state"/> and <paramref name="source"/> (blank counts as absent; a state in any letter
    /// case), or says what is wrong with them, keyed by parameter name, in the words an operator needs to fix it.
    /// </summary>
    public static RunFilter? Parse(string? state, string? source, StreamCatalog catalog,
        out Dictionary<string, string[]> errors)
    {
        errors = [];
        string? canonicalState = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            canonicalState = States.FirstOrDefault(s => s.Equals(state.Trim(), StringComparison.OrdinalIgnoreCase));
            if (canonicalState is null)
                errors["state"] = [$"'{state}' is not a run state. States: {string.Join(", ", States)}."];
        }
        string? knownSource = null;
        if (!string.IsNullOrWhiteSpace(source))
        {
            knownSource = catalog.Sources.FirstOrDefault(s => s == source.Trim());
            if (knownSource is null)
                errors["source"] = [$"'{source}' is not a source. Sources: {string.Join(", ", catalog.Sources)}."];
        }
        return errors.Count == 0 ? new RunFilter(canonicalState, knownSource) : null;
    }

    /// <summary><paramref name="runs"/> narrowed to this filter.</summary>
    internal IQueryable<Sagas.PipelineRunState> Apply(IQueryable<Sagas.PipelineRunState> runs)
    {
        if (State is { } state) runs = runs.Where(r => r.CurrentState == state);
        if (Source is { } source) runs = runs.Where(r => r.Sources.Contains(source));
        return runs;
    }
}
