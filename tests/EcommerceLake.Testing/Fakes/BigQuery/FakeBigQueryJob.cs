using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EcommerceLake.Testing.Fakes.BigQuery;

/// <summary>A job the fake BigQuery received, as recorded for assertions: its id, configuration and progress.</summary>
public sealed partial class FakeBigQueryJob
{
    internal FakeBigQueryJob(string jobId, string location, JsonObject configuration, DateTimeOffset insertedAt)
    {
        JobId = jobId;
        Location = location;
        Configuration = configuration;
        InsertedAt = insertedAt;
    }

    /// <summary>When <c>jobs.insert</c> created it (the fake's clock).</summary>
    public DateTimeOffset InsertedAt { get; }

    /// <summary><c>jobReference.jobId</c>.</summary>
    public string JobId { get; }

    /// <summary><c>jobReference.location</c>.</summary>
    public string Location { get; }

    /// <summary>The job's <c>configuration</c> as sent.</summary>
    public JsonObject Configuration { get; }

    /// <summary>True for a query job (<c>configuration.query</c>).</summary>
    public bool IsQuery => Configuration["query"] is JsonObject;

    /// <summary>True for a load job (<c>configuration.load</c>).</summary>
    public bool IsLoad => Configuration["load"] is JsonObject;

    /// <summary>The SQL text of a query job, or null.</summary>
    public string? Query => Configuration["query"]?["query"]?.GetValue<string>();

    /// <summary>
    /// Tables (<c>dataset.table</c>) the script mutates between <c>BEGIN TRANSACTION</c> and <c>COMMIT TRANSACTION</c>
    /// (targets of MERGE, INSERT INTO, DELETE FROM, UPDATE, TRUNCATE TABLE); empty outside a transaction.
    /// </summary>
    public IReadOnlySet<string> TransactionTables
    {
        get
        {
            var sql = Query ?? "";
            var begin = sql.IndexOf("BEGIN TRANSACTION", StringComparison.OrdinalIgnoreCase);
            var commit = sql.IndexOf("COMMIT TRANSACTION", StringComparison.OrdinalIgnoreCase);
            if (begin < 0 || commit < begin) return new HashSet<string>();
            return MutatedTable().Matches(sql[begin..commit])
                .Select(m => $"{m.Groups["dataset"].Value}.{m.Groups["table"].Value}")
                .ToHashSet(StringComparer.Ordinal);
        }
    }

    [GeneratedRegex(@"\b(?:MERGE(?:\s+INTO)?|INSERT\s+INTO|DELETE\s+FROM|UPDATE|TRUNCATE\s+TABLE)\s+"
        + @"`?(?<dataset>\w+)`?\.`?(?<table>\w+)`?",
        RegexOptions.IgnoreCase)]
    private static partial Regex MutatedTable();

    /// <summary>The named query parameters: name → value (<c>parameterValue.value</c>), an array's values joined by
    /// '\n'.</summary>
    public IReadOnlyDictionary<string, string?> Parameters =>
        (Configuration["query"]?["queryParameters"] as JsonArray ?? [])
        .OfType<JsonObject>()
        .ToDictionary(
            p => p["name"]!.GetValue<string>(),
            p => p["parameterValue"]?["value"]?.GetValue<string>()
                 ?? (p["parameterValue"]?["arrayValues"] is JsonArray values
                     ? string.Join("\n", values.Select(v => v?["value"]?.GetValue<string>()))
                     : null));

    /// <summary>The parameter <paramref name="name"/>'s whole JSON object, or null.</summary>
    public JsonObject? Parameter(string name) =>
        (Configuration["query"]?["queryParameters"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(p => p["name"]?.GetValue<string>() == name);

    /// <summary>The job's state: <c>PENDING</c>, then <c>RUNNING</c>, then <c>DONE</c> — once its run time has
    /// passed or after enough polls of <c>jobs.get</c>, whichever comes first.</summary>
    public string State { get; internal set; } = "PENDING";

    /// <summary>Completes when the job is DONE (what <c>jobs.getQueryResults</c> waits for, up to its
    /// <c>timeoutMs</c>).</summary>
    internal TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many times <c>jobs.get</c> read this job.</summary>
    public int Polls { get; internal set; }

    /// <summary>Every state <c>jobs.get</c> answered for this job, in order.</summary>
    public List<string> StatesServed { get; } = [];

    /// <summary>What the job produces when it is done.</summary>
    public FakeJobAnswer Answer { get; internal set; } = FakeJobAnswer.Empty;
}
