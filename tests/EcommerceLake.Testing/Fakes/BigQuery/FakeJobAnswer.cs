namespace EcommerceLake.Testing.Fakes.BigQuery;

/// <summary>
/// What a job of the fake BigQuery ends with — the fake cannot run SQL, so tests script it: result rows (a query job's
/// last statement, served by <c>jobs.getQueryResults</c>) or an error (<c>status.errorResult</c>).
/// </summary>
public sealed record FakeJobAnswer
{
    /// <summary>A successful job without rows.</summary>
    public static FakeJobAnswer Empty { get; } = new();

    /// <summary>Result column names.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>
    /// Result column types by name (<c>INTEGER</c>, <c>FLOAT</c>, <c>BOOLEAN</c>, <c>STRING</c>, <c>TIMESTAMP</c>,
    /// <c>NUMERIC</c>, <c>BIGNUMERIC</c>, <c>DATE</c>, <c>DATETIME</c>, as <c>schema.fields[].type</c> spells them). A
    /// column not named here takes the type of its first non-null value: long/int → INTEGER, double/float → FLOAT,
    /// decimal → BIGNUMERIC, bool → BOOLEAN, DateTimeOffset → TIMESTAMP, DateOnly → DATE, DateTime → DATETIME, else
    /// STRING.
    /// </summary>
    public IReadOnlyDictionary<string, string> Types { get; init; } = new Dictionary<string, string>();

    /// <summary>The <c>schema.fields[].type</c> of column <paramref name="index"/> (see <see cref="Types"/>).</summary>
    public string TypeOf(int index) =>
        Types.TryGetValue(Fields[index], out var type) ? type
        : Rows.Select(r => index < r.Length ? r[index] : null).FirstOrDefault(v => v is not null) switch
        {
            long or int or short => "INTEGER",
            double or float => "FLOAT",
            decimal => "BIGNUMERIC",
            bool => "BOOLEAN",
            DateTimeOffset => "TIMESTAMP",
            DateOnly => "DATE",
            DateTime => "DATETIME",
            _ => "STRING",
        };

    /// <summary>Result rows aligned with <see cref="Fields"/>; values are formatted in invariant culture, null stays
    /// null.</summary>
    public IReadOnlyList<object?[]> Rows { get; init; } = [];

    /// <summary><c>errorResult.reason</c> of a failing job, or null for success.</summary>
    public string? ErrorReason { get; init; }

    /// <summary><c>errorResult.message</c> of a failing job.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>A successful job whose result is one row of <paramref name="values"/> (name → value).</summary>
    public static FakeJobAnswer Row(params (string Field, object? Value)[] values) =>
        new() { Fields = values.Select(v => v.Field).ToList(), Rows = [values.Select(v => v.Value).ToArray()] };

    /// <summary>A job that ends with <c>status.errorResult</c> {reason, message}.</summary>
    public static FakeJobAnswer Error(string reason, string message) =>
        new() { ErrorReason = reason, ErrorMessage = message };
}
