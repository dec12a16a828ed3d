using EcommerceLake.Postgres;
using EcommerceLake.Streams;
using Npgsql;

namespace EcommerceLake.Cli.Demo;

/// <summary>The result of comparing a trusted table with its source, row for row.</summary>
/// <param name="Stream"><c>source.stream</c>.</param>
/// <param name="SourceRows">Rows the source holds.</param>
/// <param name="TrustedRows">Rows the trusted table holds.</param>
/// <param name="Missing">Source keys absent from trusted.</param>
/// <param name="Unexpected">Trusted keys absent from the source (for example a delete that did not arrive).</param>
/// <param name="Different">Keys in both whose values differ.</param>
/// <param name="Examples">Up to five described differences.</param>
public sealed record StreamVerification(string Stream, long SourceRows, long TrustedRows, long Missing, long Unexpected,
    long Different, IReadOnlyList<string> Examples)
{
    /// <summary>True when trusted equals the source.</summary>
    public bool Matches => Missing == 0 && Unexpected == 0 && Different == 0;
}

/// <summary>
/// Compares a trusted table with the expected rows of its source: every spec column, as PostgreSQL's text rendering
/// of the trusted value against the source value normalized by the stream's cleaning rules.
/// </summary>
public static class TrustedVerifier
{
    /// <summary>Compares <c>trusted.{spec.Table}</c> in <paramref name="warehouseConnectionString"/> with
    /// <paramref name="expected"/>.</summary>
    /// <param name="warehouseConnectionString">The warehouse database.</param>
    /// <param name="spec">The stream.</param>
    /// <param name="expected">Source rows by key (primary-key values joined by '|'), values in spec column
    /// order.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public static async Task<StreamVerification> CompareAsync(
        string warehouseConnectionString, StreamSpec spec, IReadOnlyDictionary<string, string?[]> expected,
        CancellationToken cancellationToken)
    {
        var actual = await ReadTrustedAsync(warehouseConnectionString, spec, cancellationToken);
        long missing = 0, unexpected = 0, different = 0;
        var examples = new List<string>();
        foreach (var (key, values) in expected)
        {
            if (!actual.TryGetValue(key, out var row))
            {
                missing++;
                if (examples.Count < 5) examples.Add($"missing in trusted: {key}");
                continue;
            }
            for (var i = 0; i < values.Length; i++)
            {
                if (string.Equals(values[i], row[i], StringComparison.Ordinal)) continue;
                different++;
                if (examples.Count < 5) examples.Add(
                    $"{key}.{spec.Columns[i].Name}: source '{values[i]}' trusted '{row[i]}'");
                break;
            }
        }
        foreach (var key in actual.Keys)
        {
            if (expected.ContainsKey(key)) continue;
            unexpected++;
            if (examples.Count < 5) examples.Add($"in trusted, not in source: {key}");
        }
        return new StreamVerification(spec.Key, expected.Count, actual.Count, missing, unexpected, different, examples);
    }

    private static async Task<Dictionary<string,
        string?[]>> ReadTrustedAsync(string connectionString, StreamSpec spec, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", spec.Columns.Select(c => PgNames.Quote(c.Name) + "::text"));
        var keyIndexes = spec.PrimaryKey.Select(k => spec.Columns.ToList().FindIndex(c => c.Name == k)).ToArray();
        var rows = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {columns} FROM trusted.{PgNames.Quote(spec.Table)}",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new string?[spec.Columns.Count];
            for (var i = 0; i < values.Length; i++) values[i] = reader.IsDBNull(i) ? null : reader.GetString(i);
            rows[string.Join('|', keyIndexes.Select(i => values[i]))] = values;
        }
        return rows;
    }
}
