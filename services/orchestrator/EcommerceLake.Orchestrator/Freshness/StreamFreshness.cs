namespace EcommerceLake.Orchestrator.Freshness;

/// <summary>
/// How recent one stream's data is, at <paramref name="MeasuredAt"/> (UTC; durations in seconds).
/// </summary>
/// <param name="State">Fresh, Waiting, Stale or Paused (see <see cref="FreshnessState"/>).</param>
/// <param name="ExpectedEverySeconds">The cadence the stream's data is expected at (<c>Freshness</c> section).</param>
/// <param name="LastDataAt">When a load last brought rows, else null (never).</param>
/// <param name="LastDataRunId">The run of that load, else null.</param>
/// <param name="LastDataRows">The land rows it brought, else null.</param>
/// <param name="LastLoadedAt">When the stream was last loaded, with or without rows, else null.</param>
/// <param name="AgeSeconds">Freshness: <c>MeasuredAt − LastDataAt</c>, else null when no data ever arrived.</param>
/// <param name="LagSeconds">
/// How far the data is behind its cadence: <c>max(0, MeasuredAt − (LastDataAt, else FirstSeenAt) − ExpectedEvery)</c>;
/// 0 while fresh or waiting.
/// </param>
/// <param name="FirstSeenAt">When monitoring of the stream began.</param>
/// <param name="StaleSince">When the open stale-source breach was seen, else null.</param>
/// <param name="MeasuredAt">The clock's time of the measure.</param>
public sealed record StreamFreshness(
    FreshnessState State, double ExpectedEverySeconds, DateTimeOffset? LastDataAt, Guid? LastDataRunId,
    long? LastDataRows, DateTimeOffset? LastLoadedAt, double? AgeSeconds, double LagSeconds,
    DateTimeOffset? FirstSeenAt, DateTimeOffset? StaleSince, DateTimeOffset MeasuredAt);
