namespace EcommerceLake.Orchestrator.Sagas;

/// <summary>
/// The marts build of a run (the <c>marts</c> <c>jsonb</c> column of <see cref="PipelineRunState"/>). Times are UTC.
/// </summary>
public sealed class MartsRun
{
    /// <summary>Where the build is.</summary>
    public MartsStatus Status { get; set; }

    /// <summary>When <c>BuildMarts</c> was sent.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When <c>MartsBuilt</c> (or the failure) arrived.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Build wall time reported by the warehouse service, seconds.</summary>
    public double? DurationSeconds { get; set; }

    /// <summary>Row count of every mart table after the build.</summary>
    public List<MartRowCount> Tables { get; set; } = [];

    /// <summary>The build error, else null.</summary>
    public string? Error { get; set; }

    /// <summary>What kind of failure ended the build, else null.</summary>
    public Contracts.FailureKind? FailureKind { get; set; }

    /// <summary>How many times <c>BuildMarts</c> has been sent.</summary>
    public int Attempt { get; set; }

    /// <summary>When <c>BuildMarts</c> was last sent (UTC), while the build runs.</summary>
    public DateTimeOffset? SentAt { get; set; }
}
