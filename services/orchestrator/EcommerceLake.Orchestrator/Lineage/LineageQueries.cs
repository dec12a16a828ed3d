using System.Globalization;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Checks;
using EcommerceLake.Orchestrator.Freshness;
using EcommerceLake.Orchestrator.Runs;
using EcommerceLake.Orchestrator.Sagas;
using EcommerceLake.Orchestrator.Schemas;
using EcommerceLake.Orchestrator.StreamControl;
using EcommerceLake.Streams;

namespace EcommerceLake.Orchestrator.Lineage;

/// <summary>
/// Builds the lineage (<see cref="LineageGraph"/>) from the stream catalog, <see cref="MartsLineage"/>, each stream's
/// switches and freshness (<see cref="FreshnessQueries"/>), the latest <see cref="RecentRuns"/> runs (failures
/// since the last load, active runs, the marts chains' builds), each stream's failing data-quality checks
/// (<see cref="CheckResultStore"/>) and its schema drift (<see cref="SourceSchemaStore"/>). Read-only.
/// </summary>
public sealed class LineageQueries(
    FreshnessQueries freshness, RunQueries runs, CheckResultStore checks, SourceSchemaStore schemas,
    StreamCatalog catalog, TimeProvider time)
{
    /// <summary>How many of the newest runs are read for failures, active work and builds.</summary>
    public const int RecentRuns = 200;

    /// <summary>The lineage now.</summary>
    /// <exception cref="Npgsql.PostgresException">The database failed.</exception>
    public async Task<LineageGraph> BuildAsync(CancellationToken cancellationToken)
    {
        var views = await freshness.ListStreamsAsync(cancellationToken);
        var recent = await runs.ListRunDetailsAsync(RecentRuns, RunFilter.None, cancellationToken);
        var offsets = await runs.ListOffsetsAsync(cancellationToken);
        var failing = (await checks.LatestAsync(null, null, failingOnly: true, cancellationToken))
            .ToLookup(c => $"{c.Source}.{c.Stream}", StringComparer.Ordinal);
        var drifting = (await schemas.ListAsync(null, driftingOnly: true, cancellationToken))
            .ToDictionary(s => $"{s.Source}.{s.Stream}", StringComparer.Ordinal);
        var streams = views.Select(v => WithDrift(WithChecks(StreamNode(catalog.Get(v.Source, v.Stream), v,
                StreamHealth.Of(v.Source, v.Stream, offsets, recent)), failing[$"{v.Source}.{v.Stream}"]),
            drifting.GetValueOrDefault($"{v.Source}.{v.Stream}"))).ToList();
        var sources = streams.GroupBy(s => s.Name[..s.Name.IndexOf('.')], StringComparer.Ordinal)
            .Select(g => SourceNode(g.Key, g.ToList())).ToList();
        var byTable = streams.ToDictionary(s => s.Table!, StringComparer.Ordinal);
        var marts = new Dictionary<string, LineageNode>(StringComparer.Ordinal);
        var edges = streams.Select(s => new LineageEdge(sources.Single(x => s.Name.StartsWith(x.Name + ".",
            StringComparison.Ordinal)).Id, s.Id)).ToList();
        foreach (var table in MartsLineage.Tables)
        {
            var inputs = table.Reads.Select(r => byTable.GetValueOrDefault(r) ?? marts.GetValueOrDefault(r))
                .OfType<LineageNode>().ToList();
            edges.AddRange(inputs.Select(i => new LineageEdge(i.Id, $"marts:{table.Name}")));
            var upstream = inputs.SelectMany(i => i.Kind == LineageNodeKind.Stream ? [i.Name] : i.Upstream)
                .Distinct().Order(StringComparer.Ordinal).ToList();
            var worst = streams.Where(s => upstream.Contains(s.Name)).Select(s => s.Health).DefaultIfEmpty().Max();
            marts[MartsLineage.Marts + table.Name] = MartNode(table, recent, upstream, worst);
        }
        var measuredAt = views.Count > 0 ? views[0].Freshness.MeasuredAt : time.GetUtcNow();
        return new LineageGraph(measuredAt, [.. sources, .. streams, .. marts.Values], edges);
    }

    private static LineageNode StreamNode(StreamSpec spec, StreamView view, StreamHealth health)
    {
        var f = view.Freshness;
        var active = health.ActiveRun is { } id && health.LastRun is { } last && last.Run.RunId == id
            && last.Streams.Any(s => s.Source == spec.Source && s.Stream == spec.Stream && s.Status is
                StreamRunStatus.Pending or StreamRunStatus.Extracting or StreamRunStatus.Processing
                or StreamRunStatus.Loading);
        var (state, detail) = view.Paused
            ? (LineageHealth.Paused, $"Paused by {view.PausedBy}: {view.PausedReason}")
            : active ? (LineageHealth.Running, $"Run {health.ActiveRun} is loading it")
            : health.FailedSince > 0 ? (LineageHealth.Failing, health.FailedSince == 1
                ? "The last run that tried it failed" : $"{health.FailedSince} runs failed since its last load")
            : f.State switch
            {
                FreshnessState.Stale => (LineageHealth.Stale,
                    $"No data for {DurationText.Describe(f.AgeSeconds ?? f.LagSeconds + f.ExpectedEverySeconds)}"
                    + $", expected every {DurationText.Describe(f.ExpectedEverySeconds)}"),
                FreshnessState.Waiting => (LineageHealth.Waiting, "No data yet"),
                _ => (LineageHealth.Healthy,
                    $"Fresh: data within {DurationText.Describe(f.ExpectedEverySeconds)}"),
            };
        var lastAt = f.LastDataAt ?? health.LastSuccess;
        return new LineageNode($"stream:{spec.Key}", LineageNodeKind.Stream, spec.Key,
            MartsLineage.Trusted + spec.Table, null, state, detail, lastAt,
            f.LastDataAt is null ? health.LastSuccessRun : f.LastDataRunId,
            f.LastDataAt is null ? null : f.LastDataRows, [], state);
    }

    /// <summary>The stream node with its failing checks, each also named in its detail.</summary>
    private static LineageNode WithChecks(LineageNode node, IEnumerable<CheckResult> failing)
    {
        var list = failing.ToList();
        return list.Count == 0 ? node : node with
        {
            FailingChecks = list.Select(c => c.Check).ToList(),
            Detail = node.Detail + "; " + string.Join("; ", list.Select(c => string.Create(CultureInfo.InvariantCulture,
                $"check {c.Check} fails on {c.FailingRows:N0} of {c.CheckedRows:N0} rows"))),
        };
    }

    /// <summary>The stream node with its source's schema drift, also described in its detail.</summary>
    private static LineageNode WithDrift(LineageNode node, SourceSchema? drift)
    {
        if (drift is null) return node;
        var schemaDrift = new SchemaDrift { Added = drift.Added, Missing = drift.Missing };
        return node with { SchemaDrift = schemaDrift, Detail = $"{node.Detail}; its source {schemaDrift.Describe()}" };
    }

    private static LineageNode SourceNode(string source, IReadOnlyList<LineageNode> streams)
    {
        var worst = streams.Max(s => s.Health);
        var newest = streams.Where(s => s.LastAt is not null).MaxBy(s => s.LastAt);
        var behind = streams.Where(s => s.Health == worst).Select(s => s.Name).ToList();
        var detail = worst == LineageHealth.Healthy
            ? (streams.Count == 1 ? "Its stream is fresh" : $"Its {streams.Count} streams are fresh")
            : behind.Count == streams.Count && streams.Count > 1
                ? $"Every stream {worst.ToString().ToLowerInvariant()}"
                : $"{string.Join(", ", behind)}: {worst.ToString().ToLowerInvariant()}";
        return new LineageNode($"source:{source}", LineageNodeKind.Source, source, null, null, worst, detail,
            newest?.LastAt, newest?.RunId, null, streams.Select(s => s.Name).ToList(), worst);
    }

    private static LineageNode MartNode(MartTable table, IReadOnlyList<RunDetails> recent,
        IReadOnlyList<string> upstream, LineageHealth upstreamHealth)
    {
        var builds = recent.Select(r => (Run: r.Run, Build: r.Marts.Find(table.Chain) ?? r.Marts.Find(null)))
            .Where(b => b.Build is { Status: MartsStatus.Building or MartsStatus.Built or MartsStatus.Failed })
            .ToList(); // newest first
        var latest = builds.FirstOrDefault();
        var built = builds.FirstOrDefault(b => b.Build!.Status == MartsStatus.Built);
        var (health, detail) = latest.Build switch
        {
            null => (LineageHealth.Waiting, "Not built in the kept history"),
            { Status: MartsStatus.Building } => (LineageHealth.Running, $"Run {latest.Run.RunId} is building it"),
            { Status: MartsStatus.Failed } failed => (LineageHealth.Failing,
                $"The last build failed ({failed.FailureKind}): {failed.Error}"),
            { } ok => (LineageHealth.Healthy, string.Create(CultureInfo.InvariantCulture,
                $"Built in {DurationText.Describe(ok.DurationSeconds)}")),
        };
        var rows = built.Build?.Tables.FirstOrDefault(t => t.Table == table.Name)?.Rows;
        return new LineageNode($"marts:{table.Name}",
            table.Kind == MartTableKind.Fact ? LineageNodeKind.Fact : LineageNodeKind.Mart, table.Name,
            MartsLineage.Marts + table.Name, WireName.Of(table.Chain), health, detail, built.Build?.FinishedAt,
            built.Run?.RunId, rows, upstream, upstreamHealth);
    }
}
