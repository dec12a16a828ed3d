namespace EcommerceLake.Cli.Embedded;

/// <summary>One marts chain's build in a <see cref="RunReport"/>, as its <c>MartsBuilt</c> reported it.</summary>
/// <param name="Seconds">Build wall time reported by the warehouse service, seconds.</param>
/// <param name="BuiltAtSeconds">Wall time from the run's acceptance to the chain's <c>MartsBuilt</c>, seconds.
/// </param>
/// <param name="RowCounts">Mart table name → its row count after the chain's build (<c>MartsBuilt.RowCounts</c>).
/// </param>
public sealed record MartsChainReport(
    double Seconds, double BuiltAtSeconds, IReadOnlyDictionary<string, long> RowCounts);
