using EcommerceLake.Contracts;

namespace EcommerceLake.Orchestrator.Checks;

/// <summary>One data-quality check as one load ran it (table <c>orchestrator.check_results</c>, migration 0010),
/// served by <c>GET /checks</c>.</summary>
/// <param name="RunId">The run whose load ran it.</param>
/// <param name="Source">Source name.</param>
/// <param name="Stream">Stream name inside the source.</param>
/// <param name="Check">The check's name in the stream's spec.</param>
/// <param name="Assertion">The assertion in words, such as <c>review_score between 1 and 5</c>.</param>
/// <param name="Severity">What a failure does to the load.</param>
/// <param name="CheckedRows">Rows the load inserted or updated in trusted, all checked.</param>
/// <param name="FailingRows">Of those, the rows that break the assertion; 0 when it passed.</param>
/// <param name="SampleKeys">Up to five failing primary keys (key columns joined with <c>|</c>).</param>
/// <param name="CheckedAt">When the orchestrator recorded the load (UTC).</param>
public sealed record CheckResult(
    Guid RunId, string Source, string Stream, string Check, string Assertion, CheckSeverity Severity,
    long CheckedRows, long FailingRows, IReadOnlyList<string> SampleKeys, DateTimeOffset CheckedAt)
{
    /// <summary>True when no checked row breaks the assertion.</summary>
    public bool Passed => FailingRows == 0;
}
