using EcommerceLake.Contracts;

namespace EcommerceLake.Warehouse.Checks;

/// <summary>
/// Thrown by a load whose rows break an <see cref="CheckSeverity.Error"/> check of their stream: the load's
/// transaction is rolled back (trusted, raw and the batch registry stay as they were) and the step fails as
/// <see cref="FailureKind.SourceData"/> (<see cref="Consumers.WarehouseFailureClassifier"/>), so the stream's offset
/// stays and the same rows fail the same way until they are fixed at the source or the check is changed.
/// </summary>
public sealed class DataCheckFailedException(string stream, IReadOnlyList<CheckOutcome> outcomes)
    : Exception(Describe(stream, Blocking(outcomes)))
{
    /// <summary>Every check's outcome on the rows of the rolled-back load, in spec order: what the failure event
    /// reports, so the failing check shows as the stream's latest outcome.</summary>
    public IReadOnlyList<CheckOutcome> Outcomes { get; } = outcomes;

    /// <summary>The <c>error</c> checks that failed, in spec order (never empty).</summary>
    public IReadOnlyList<CheckOutcome> Failed { get; } = Blocking(outcomes);

    /// <summary>The outcomes of <paramref name="outcomes"/> that fail the load: failed <c>error</c> checks.</summary>
    public static IReadOnlyList<CheckOutcome> Blocking(IReadOnlyList<CheckOutcome> outcomes) =>
        outcomes.Where(o => o is { Passed: false, Severity: CheckSeverity.Error }).ToList();

    private static string Describe(string stream, IReadOnlyList<CheckOutcome> failed) =>
        $"{stream} failed {(failed.Count == 1 ? "its check" : "its checks")} "
        + string.Join("; ", failed.Select(o => o.Describe()))
        + ". The load was rolled back: trusted and the stream's offset are unchanged.";
}
