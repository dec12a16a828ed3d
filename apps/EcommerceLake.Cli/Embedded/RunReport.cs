namespace EcommerceLake.Cli.Embedded;

/// <summary>Where a stream is in its run, as seen from its events.</summary>
public enum StreamStep
{
    /// <summary>Extract command sent, no event yet.</summary>
    Extracting,
    /// <summary>Land batch written; processing.</summary>
    Processing,
    /// <summary>Raw batch written; loading into trusted.</summary>
    Loading,
    /// <summary>In trusted.</summary>
    Loaded,
    /// <summary>A step failed.</summary>
    Failed,
}

/// <summary>One stream's figures in a run. Durations in seconds, as reported by each service.</summary>
public sealed class StreamReport(string source, string stream)
{
    /// <summary>Source name.</summary>
    public string Source { get; } = source;

    /// <summary>Stream name.</summary>
    public string Stream { get; } = stream;

    /// <summary>Current step.</summary>
    public StreamStep Step { get; set; } = StreamStep.Extracting;

    /// <summary>Committed offset the extraction started from (JSON or null).</summary>
    public string? OffsetFrom { get; set; }

    /// <summary>Offset reached (committed when loaded).</summary>
    public string? OffsetTo { get; set; }

    /// <summary>Rows written to land.</summary>
    public long LandRows { get; set; }

    /// <summary>Rows quarantined at extraction.</summary>
    public long Quarantined { get; set; }

    /// <summary>Rows written to raw.</summary>
    public long RawRows { get; set; }

    /// <summary>Rows rejected by processing.</summary>
    public long Rejected { get; set; }

    /// <summary>Rows in the trusted table after the load.</summary>
    public long TrustedRows { get; set; }

    /// <summary>Inserted / updated / deleted in trusted by this run.</summary>
    public (long Inserted, long Updated, long Deleted) Merge { get; set; }

    /// <summary>True when the extract landed no new rows of an incremental batch: process and load were skipped,
    /// trusted is unchanged (<see cref="TrustedRows"/> and <see cref="Merge"/> stay 0).</summary>
    public bool NothingToLoad { get; set; }

    /// <summary>Seconds spent extracting, processing, loading.</summary>
    public double ExtractSeconds { get; set; }

    /// <inheritdoc cref="ExtractSeconds"/>
    public double ProcessSeconds { get; set; }

    /// <inheritdoc cref="ExtractSeconds"/>
    public double LoadSeconds { get; set; }

    /// <summary>Wall time from the run's acceptance to this stream's load, seconds.</summary>
    public double WallSeconds { get; set; }

    /// <summary>Wall time from the run's acceptance to this stream's <c>StreamExtracted</c>, seconds; minus
    /// <see cref="ExtractSeconds"/>, when the extraction started (the time before it is spent in the queue).</summary>
    public double ExtractedAtSeconds { get; set; }

    /// <summary>Error of the failed step.</summary>
    public string? Error { get; set; }
}

/// <summary>A run's figures, built from its events.</summary>
public sealed class RunReport(Guid runId)
{
    /// <summary>Run id.</summary>
    public Guid RunId { get; } = runId;

    /// <summary>When the watcher saw the run accepted (UTC).</summary>
    public DateTimeOffset? AcceptedAt { get; set; }

    /// <summary>Streams by <c>source.stream</c>.</summary>
    public SortedDictionary<string, StreamReport> Streams { get; } = new(StringComparer.Ordinal);

    /// <summary>Mart row counts of every chain built so far (<c>MartsBuilt.RowCounts</c>, merged).</summary>
    public IReadOnlyDictionary<string, long>? Marts { get; set; }

    /// <summary>The marts chains built so far by name (<c>orders</c>, <c>reviews</c>; <c>all</c> for a build of every
    /// chain), each with its build time and when it was built.</summary>
    public SortedDictionary<string, MartsChainReport> MartsChains { get; } = new(StringComparer.Ordinal);

    /// <summary>Wall time of the longest marts chain build as the warehouse service reported it
    /// (<c>MartsBuilt</c>), seconds; null until one is built.</summary>
    public double? MartsSeconds => MartsChains.Count > 0 ? MartsChains.Values.Max(c => c.Seconds) : null;

    /// <summary>Wall time from the run's acceptance to the last <c>MartsBuilt</c>, seconds; null until one is
    /// built. Beside the streams' <see cref="StreamReport.WallSeconds"/> it shows how long the marts waited for the
    /// last load.</summary>
    public double? MartsBuiltAtSeconds =>
        MartsChains.Count > 0 ? MartsChains.Values.Max(c => c.BuiltAtSeconds) : null;

    /// <summary>Outcome: Completed, Failed or Refused, null while running.</summary>
    public string? Outcome { get; set; }

    /// <summary>Why the run failed or was refused.</summary>
    public string? Reason { get; set; }

    /// <summary>Total wall time of the run, seconds.</summary>
    public double DurationSeconds { get; set; }

    /// <summary>The stream report of <paramref name="source"/>.<paramref name="stream"/>, created on first
    /// use.</summary>
    public StreamReport Stream(string source, string stream)
    {
        var key = $"{source}.{stream}";
        if (!Streams.TryGetValue(key, out var report)) Streams[key] = report = new StreamReport(source, stream);
        return report;
    }
}
