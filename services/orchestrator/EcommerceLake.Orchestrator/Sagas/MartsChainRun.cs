using EcommerceLake.Contracts;

namespace EcommerceLake.Orchestrator.Sagas;

/// <summary>
/// The build of one marts chain in a run (an element of <see cref="MartsRun.Chains"/>). Times are UTC. A chain's
/// build starts as soon as every stream of the run that feeds it (<see cref="MartsInputs"/>) is loaded, apart from the
/// other chain's.
/// </summary>
public sealed class MartsChainRun
{
    /// <summary>The chain; null for the build of every chain that a run started before chains were built apart.
    /// </summary>
    public MartsChainName? Chain { get; set; }

    /// <summary>Where the chain's build is: Pending until its streams have settled, then Building (its
    /// <see cref="BuildMarts"/> sent), Built, Failed, or Skipped when one of its streams failed.</summary>
    public MartsStatus Status { get; set; }

    /// <summary>When <see cref="BuildMarts"/> was first sent.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When <see cref="MartsBuilt"/> (or the failure) arrived.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Build wall time reported by the warehouse service, seconds.</summary>
    public double? DurationSeconds { get; set; }

    /// <summary>Row count of each of the chain's marts after the build.</summary>
    public List<MartRowCount> Tables { get; set; } = [];

    /// <summary>The build error, else null.</summary>
    public string? Error { get; set; }

    /// <summary>What kind of failure ended the build, else null.</summary>
    public FailureKind? FailureKind { get; set; }

    /// <summary>How many times <see cref="BuildMarts"/> has been sent for the chain.</summary>
    public int Attempt { get; set; }

    /// <summary>When <see cref="BuildMarts"/> was last sent, while the build runs; its deadline counts from here.
    /// </summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The chain's name for people: <c>orders</c>, <c>reviews</c>, or <c>all</c>.</summary>
    public string Name => Chain is { } chain ? WireName.Of(chain) : "all";

    /// <summary>True when the build will not change any more: Built, Failed or Skipped.</summary>
    public bool IsSettled => Status is MartsStatus.Built or MartsStatus.Failed or MartsStatus.Skipped;
}
