using EcommerceLake.Contracts;
using EcommerceLake.Streams;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Warehouse.Checks;

/// <summary>Turns what an engine counted for a stream's checks (<see cref="StreamSpec.Checks"/>) into
/// <see cref="CheckOutcome"/>s, and fails the load when an <see cref="CheckSeverity.Error"/> check failed.</summary>
public static class CheckOutcomes
{
    /// <summary>At most this many failing keys are sampled per check.</summary>
    public const int SampleSize = 5;

    /// <summary>The outcome of <paramref name="check"/>: <paramref name="failing"/> of
    /// <paramref name="checkedRows"/> rows broke it, <paramref name="sample"/> some of their keys.</summary>
    public static CheckOutcome Of(CheckSpec check, long checkedRows, long failing, IReadOnlyList<string> sample) =>
        new()
        {
            Name = check.Name,
            Assertion = check.Describe(),
            Severity = check.Severity,
            CheckedRows = checkedRows,
            FailingRows = failing,
            SampleKeys = failing == 0 ? [] : sample.Take(SampleSize).ToList(),
        };

    /// <summary>Logs each failed check of <paramref name="outcomes"/> as a warning and returns them when no
    /// <see cref="CheckSeverity.Error"/> check failed.</summary>
    /// <exception cref="DataCheckFailedException">An error check failed; the caller must not commit the
    /// load.</exception>
    public static IReadOnlyList<CheckOutcome> ThrowIfBlocking(StreamSpec spec, IReadOnlyList<CheckOutcome> outcomes,
        ILogger logger)
    {
        foreach (var failed in outcomes.Where(o => !o.Passed))
            logger.LogWarning("{Stream}: check {Check} failed ({Severity})", spec.Key, failed.Describe(),
                WireName.Of(failed.Severity));
        return DataCheckFailedException.Blocking(outcomes).Count == 0
            ? outcomes
            : throw new DataCheckFailedException(spec.Key, outcomes);
    }
}
