using EcommerceLake.Contracts;

namespace EcommerceLake.Orchestrator.Sagas;

/// <summary>
/// The marts builds of a run (the <c>marts</c> <c>jsonb</c> column of <see cref="PipelineRunState"/>): one entry per
/// chain in <see cref="Chains"/>, and their summary in the other properties (<see cref="Summarize"/>), which runs from
/// before chains were built apart hold alone. Times are UTC.
/// </summary>
public sealed class MartsRun
{
    /// <summary>Where the builds are: Failed when a chain failed, else Building while one builds, else Pending while
    /// one waits for its streams, else Skipped when one was skipped, else Built.</summary>
    public MartsStatus Status { get; set; }

    /// <summary>When the first chain's <c>BuildMarts</c> was sent.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When the last chain's <c>MartsBuilt</c> (or failure) arrived, once every chain has settled.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Wall time from the first chain's start to the last chain's end, seconds (the builds overlap).
    /// </summary>
    public double? DurationSeconds { get; set; }

    /// <summary>Row count of every mart table the chains built (a table two chains report: the later chain's).
    /// </summary>
    public List<MartRowCount> Tables { get; set; } = [];

    /// <summary>The chains' build errors ("{chain}: {error}"), else null.</summary>
    public string? Error { get; set; }

    /// <summary>What kind of failure ended the first failed chain, else null.</summary>
    public Contracts.FailureKind? FailureKind { get; set; }

    /// <summary>Runs from before chains were built apart only: how many times <c>BuildMarts</c> was sent.</summary>
    public int Attempt { get; set; }

    /// <summary>Runs from before chains were built apart only: when <c>BuildMarts</c> was last sent.</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>One build per chain, in <see cref="MartsInputs.Chains"/> order; empty in runs from before chains were
    /// built apart until the first query below upgrades them.</summary>
    public List<MartsChainRun> Chains { get; set; } = [];

    /// <summary>The marts of a new run: every chain of <see cref="MartsInputs.Chains"/> Pending.</summary>
    public static MartsRun NewPending() => new() { Status = MartsStatus.Pending, Chains = PendingChains() };

    /// <summary>The entry of <paramref name="chain"/> (null: the build of every chain), else null.</summary>
    public MartsChainRun? Find(MartsChainName? chain) => Upgraded().FirstOrDefault(c => c.Chain == chain);

    /// <summary>The chains in <paramref name="status"/>: every one, or only the entry of <paramref name="chain"/>
    /// when it is given.</summary>
    public List<MartsChainRun> ChainsIn(MartsStatus status, MartsChainName? chain = null) =>
        Upgraded().Where(c => c.Status == status && (chain is null || c.Chain == chain)).ToList();

    /// <summary>True when no chain is Pending or Building.</summary>
    public bool AllChainsSettled => Upgraded().All(c => c.IsSettled);

    /// <summary>
    /// <see cref="Chains"/>, after upgrading a run saved before chains were built apart (no entries, the build in the
    /// summary properties): a pending build becomes one pending entry per chain, a running or settled one an entry
    /// for every chain (<c>Chain</c> null) with its attempt, deadline and outcome. Every query goes through here, so
    /// the saga's steps see chains only; the upgrade is saved with the step that made it.
    /// </summary>
    private List<MartsChainRun> Upgraded()
    {
        if (Chains.Count > 0) return Chains;
        Chains = Status == MartsStatus.Pending
            ? PendingChains()
            : [new MartsChainRun
            {
                Chain = null, Status = Status, StartedAt = StartedAt, FinishedAt = FinishedAt,
                DurationSeconds = DurationSeconds, Tables = Tables, Error = Error, FailureKind = FailureKind,
                Attempt = Attempt, SentAt = SentAt,
            }];
        return Chains;
    }

    private static List<MartsChainRun> PendingChains() =>
        MartsInputs.Chains.Select(c => new MartsChainRun { Chain = c, Status = MartsStatus.Pending }).ToList();

    /// <summary>
    /// Sets the summary properties from <see cref="Chains"/> (see each property). A run's
    /// <see cref="MartsStatus.Skipped"/> chains do not hide one that was built: the summary is Skipped only when no
    /// chain failed and none builds or waits.
    /// </summary>
    public void Summarize()
    {
        if (Chains.Count == 0) return;
        Status = Chains.Any(c => c.Status == MartsStatus.Failed) ? MartsStatus.Failed
            : Chains.Any(c => c.Status == MartsStatus.Building) ? MartsStatus.Building
            : Chains.Any(c => c.Status == MartsStatus.Pending) ? MartsStatus.Pending
            : Chains.Any(c => c.Status == MartsStatus.Skipped) ? MartsStatus.Skipped
            : MartsStatus.Built;
        StartedAt = Chains.Min(c => c.StartedAt);
        FinishedAt = AllChainsSettled ? Chains.Max(c => c.FinishedAt) : null;
        DurationSeconds = StartedAt is { } start && FinishedAt is { } end ? (end - start).TotalSeconds : null;
        Tables = Chains.SelectMany(c => c.Tables).GroupBy(t => t.Table, StringComparer.Ordinal)
            .Select(g => g.Last()).OrderBy(t => t.Table, StringComparer.Ordinal).ToList();
        var failed = Chains.Where(c => c.Error is not null).ToList();
        Error = failed.Count > 0 ? string.Join("; ", failed.Select(c => $"{c.Name}: {c.Error}")) : null;
        FailureKind = failed.FirstOrDefault()?.FailureKind;
    }
}
