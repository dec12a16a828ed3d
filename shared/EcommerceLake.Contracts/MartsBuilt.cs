namespace EcommerceLake.Contracts;

/// <summary>Event: the marts were rebuilt; <paramref name="RowCounts"/> maps mart table name to its row
/// count.</summary>
public sealed record MartsBuilt(Guid RunId, IReadOnlyDictionary<string, long> RowCounts, double DurationSeconds)
    : IRunMessage;
