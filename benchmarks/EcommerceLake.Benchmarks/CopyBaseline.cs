using System.Diagnostics;
using EcommerceLake.DemoSources.Economics;
using EcommerceLake.Postgres;
using EcommerceLake.Streams;
using Npgsql;

namespace EcommerceLake.Benchmarks;

/// <summary>
/// The baseline: a plain PostgreSQL COPY of the same rows the pipeline moves — each source table streamed with
/// <c>COPY (SELECT …) TO STDOUT</c> from the source database straight into <c>COPY … FROM STDIN</c> of an untyped
/// table in the warehouse database, each dropped CSV file copied in with <c>COPY … FROM STDIN (FORMAT csv)</c>, and
/// each economics series (its origin is an SGS series code, not a table) written from the same real Banco Central
/// values the demo's SGS API serves (<see cref="SgsDataset"/>), from the economics start date to today.
/// </summary>
public static class CopyBaseline
{
    /// <summary>Copies every stream's source rows and returns (rows, seconds).</summary>
    public static async Task<(long Rows, double Seconds)> RunAsync(string sourceDb, string targetDb,
        string dropDirectory, DateOnly economicsFrom, CancellationToken cancellationToken)
    {
        var sgs = SgsDataset.Load();
        await using var source = new NpgsqlConnection(sourceDb);
        await using var target = new NpgsqlConnection(targetDb);
        await source.OpenAsync(cancellationToken);
        await target.OpenAsync(cancellationToken);
        await Execute(target, "DROP SCHEMA IF EXISTS copy_baseline CASCADE; CREATE SCHEMA copy_baseline", cancellationToken);
        long rows = 0;
        var watch = Stopwatch.StartNew();
        foreach (var spec in StreamCatalog.Default.All)
        {
            var columns = spec.Columns.Select(c => PgNames.Quote(c.Name)).ToList();
            var table = $"copy_baseline.{PgNames.Quote(spec.Table)}";
            await Execute(target, $"CREATE UNLOGGED TABLE {table} ({string.Join(", ", columns.Select(c => c + " text"))})", cancellationToken);
            if (spec.Source == "files")
            {
                foreach (var file in Directory.GetFiles(dropDirectory).Where(f => Glob(spec.Origin, Path.GetFileName(f))))
                {
                    using var input = new StreamReader(file, detectEncodingFromByteOrderMarks: true);
                    await using var copy = await target.BeginTextImportAsync($"COPY {table} FROM STDIN (FORMAT csv, HEADER true)", cancellationToken);
                    await Pump(input, copy, cancellationToken);
                }
            }
            else if (spec.Source == "economics")
            {
                var code = int.Parse(spec.Origin, System.Globalization.CultureInfo.InvariantCulture);
                await using var writer = await target.BeginTextImportAsync($"COPY {table} FROM STDIN",
                    cancellationToken);
                foreach (var (date, value) in sgs.Values(code, economicsFrom, DateOnly.FromDateTime(DateTime.UtcNow)))
                    await writer.WriteAsync($"{date:yyyy-MM-dd}\t{value}\n");
            }
            else
            {
                var origin = spec.Source == "reviews" ? "reviews_api.order_reviews" : $"marketplace.{PgNames.Quote(spec.Origin)}";
                using var reader = await source.BeginTextExportAsync($"COPY (SELECT {string.Join(", ", columns)} FROM {origin}) TO STDOUT", cancellationToken);
                await using var writer = await target.BeginTextImportAsync($"COPY {table} FROM STDIN", cancellationToken);
                await Pump(reader, writer, cancellationToken);
            }
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", target);
            rows += (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }
        return (rows, watch.Elapsed.TotalSeconds);
    }

    private static async Task Pump(TextReader reader, TextWriter writer, CancellationToken cancellationToken)
    {
        var buffer = new char[1 << 16];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0) await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
    }

    private static bool Glob(string pattern, string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(name, "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*") + "$");

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
