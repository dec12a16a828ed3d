using System.Text.Json;
using EcommerceLake.Streams;

namespace EcommerceLake.Testing.Fakes.BigQuery;

/// <summary>What the warehouse's BigQuery load script (BigQueryMergeSql.LoadScript) answers, for fakes that cannot run
/// it.</summary>
public static class LoadScriptAnswer
{
    /// <summary>
    /// The row a load script (<paramref name="job"/>, whose parameters <c>source</c> and <c>stream</c> name its spec)
    /// selects last: the counts, then, when the spec has checks, <c>checked_rows</c> (inserted + updated) and per check
    /// <c>check_{i}_failing</c> and <c>check_{i}_sample</c> (a JSON array of keys) — 0 and <c>[]</c> unless
    /// <paramref name="failing"/> names the check (check name → failing rows and sample keys).
    /// </summary>
    public static FakeJobAnswer Of(FakeBigQueryJob job, long raw, long inserted, long updated, long deleted,
        long trusted, IReadOnlyDictionary<string, (long Rows, string[] Sample)>? failing = null)
    {
        var spec = StreamCatalog.Default.Get(job.Parameters["source"]!, job.Parameters["stream"]!);
        var values = new List<(string, object?)>
        {
            ("raw_rows", raw), ("inserted", inserted), ("updated", updated), ("deleted", deleted),
            ("trusted_rows", trusted),
        };
        if (spec.Checks.Count > 0) values.Add(("checked_rows", inserted + updated));
        for (var i = 0; i < spec.Checks.Count; i++)
        {
            var (rows, sample) = failing is not null && failing.TryGetValue(spec.Checks[i].Name, out var f)
                ? f : (0, []);
            values.Add(($"check_{i}_failing", rows));
            values.Add(($"check_{i}_sample", JsonSerializer.Serialize(sample)));
        }
        return FakeJobAnswer.Row([.. values]);
    }
}
