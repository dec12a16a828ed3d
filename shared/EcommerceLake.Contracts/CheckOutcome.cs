using System.Globalization;

namespace EcommerceLake.Contracts;

/// <summary>One data-quality check of a stream (its spec's <c>checks</c>) as the warehouse ran it after a MERGE into
/// trusted, over the rows that load inserted or updated. Carried by <see cref="StreamLoaded.Checks"/> and
/// <see cref="StreamLoadFailed.Checks"/>.</summary>
public sealed record CheckOutcome
{
    /// <summary>The check's name, unique within its stream, such as <c>score_1_to_5</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The assertion in words, such as <c>review_score between 1 and 5</c>.</summary>
    public required string Assertion { get; init; }

    /// <summary>What a failure does: <see cref="CheckSeverity.Warn"/> reports it; an
    /// <see cref="CheckSeverity.Error"/> check that fails fails the load instead, so it arrives failing only in
    /// <see cref="StreamLoadFailed.Checks"/>.</summary>
    public required CheckSeverity Severity { get; init; }

    /// <summary>Trusted rows the load inserted or updated, all of which the check read.</summary>
    public required long CheckedRows { get; init; }

    /// <summary>Of <see cref="CheckedRows"/>, those that break the assertion; 0 when it passed.</summary>
    public required long FailingRows { get; init; }

    /// <summary>Up to five primary keys of failing rows, key columns joined with <c>|</c> in key order, smallest
    /// first; empty when it passed.</summary>
    public required IReadOnlyList<string> SampleKeys { get; init; }

    /// <summary>True when no checked row breaks the assertion.</summary>
    public bool Passed => FailingRows == 0;

    /// <summary>The outcome in words, for alerts and errors: <c>'name' (assertion): N of M rows</c>, then
    /// <c>, e.g. key1, key2</c> when keys were sampled.</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture,
            $"'{Name}' ({Assertion}): {FailingRows:N0} of {CheckedRows:N0} rows")
        + (SampleKeys.Count > 0 ? ", e.g. " + string.Join(", ", SampleKeys) : "");
}
