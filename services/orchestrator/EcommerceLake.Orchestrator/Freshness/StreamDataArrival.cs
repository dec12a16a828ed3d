namespace EcommerceLake.Orchestrator.Freshness;

/// <summary>
/// When a stream's data last arrived (table <c>orchestrator.stream_freshness</c>, key source + stream). Written in the
/// saga's transaction that marks the stream loaded; the freshness monitor adds rows for streams no run has loaded
/// yet and keeps the open stale-source alert. Times are UTC.
/// </summary>
public sealed class StreamDataArrival
{
    /// <summary>Source name.</summary>
    public string Source { get; set; } = "";

    /// <summary>Stream name.</summary>
    public string Stream { get; set; } = "";

    /// <summary>When the stream was first seen (by a load or by the monitor); a stream without data is measured
    /// from here.</summary>
    public DateTimeOffset FirstSeenAt { get; set; }

    /// <summary>When a load last brought rows (land rows &gt; 0), else null.</summary>
    public DateTimeOffset? LastDataAt { get; set; }

    /// <summary>The run of that load.</summary>
    public Guid? LastDataRunId { get; set; }

    /// <summary>The land rows of that load.</summary>
    public long? LastDataRows { get; set; }

    /// <summary>When the stream was last loaded, with rows or without.</summary>
    public DateTimeOffset? LastLoadedAt { get; set; }

    /// <summary>The run of that load.</summary>
    public Guid? LastLoadedRunId { get; set; }

    /// <summary>The key of the open <c>stale-source</c> alert, else null.</summary>
    public string? StaleAlertKey { get; set; }

    /// <summary>When the open breach was first seen by the monitor, else null.</summary>
    public DateTimeOffset? StaleSince { get; set; }
}
