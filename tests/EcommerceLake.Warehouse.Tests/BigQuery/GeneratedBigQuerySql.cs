using System.Globalization;
using System.Text.Json.Nodes;
using EcommerceLake.Contracts;
using EcommerceLake.Lake;
using EcommerceLake.Streams;
using EcommerceLake.Testing.Fakes.BigQuery;
using EcommerceLake.Testing.ZetaSql;
using EcommerceLake.Warehouse.BigQuery;
using Zetasql;

namespace EcommerceLake.Warehouse.Tests.BigQuery;

/// <summary>
/// Every script the BigQuery engine generates, captured from the jobs it sends to the fake BigQuery: for every stream
/// spec an incremental load with all columns, a clean full snapshot, and a batch that carries only the required columns
/// (the rest load as NULL); then a full, an incremental and an unchanged marts build (each with the query deciding its
/// mode). Each script comes with its query parameters' types and a ZetaSQL catalog of the tables that existed in the
/// fake when the job was inserted — the schemas the engine itself created (<c>tables.insert</c>), staging table
/// included; ingestion-time partitioned tables get the pseudo-columns
/// <c>_PARTITIONTIME</c> (TIMESTAMP) and <c>_PARTITIONDATE</c> (DATE).
/// </summary>
public static class GeneratedBigQuerySql
{
    /// <summary>Runs the engine over the fake and returns its scripts, in the order they were sent.</summary>
    public static async Task<IReadOnlyList<CapturedScript>> CaptureAsync()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        await bed.Engine.InitializeAsync(CancellationToken.None);
        var scripts = new List<CapturedScript>();
        var variant = "";
        bed.Fake.Answer = job =>
        {
            if (!job.IsQuery) return FakeJobAnswer.Empty;
            lock (scripts) scripts.Add(new CapturedScript(variant, job.Query!, ParameterTypes(job), Catalog(bed.Fake)));
            if (job.Query!.Contains("AS full_build", StringComparison.Ordinal))
                return FakeJobAnswer.Row(("full_build", variant.EndsWith("(full)", StringComparison.Ordinal) ? 1L : 0L),
                    ("changed", variant.EndsWith("(unchanged)", StringComparison.Ordinal) ? 0L : 1L));
            if (job.Parameters.TryGetValue("row_count", out var rows))
            {
                var n = long.Parse(rows!, CultureInfo.InvariantCulture);
                return LoadScriptAnswer.Of(job, n, n, 0, 0, n);
            }
            return FakeJobAnswer.Row([.. BigQueryMartsSql.Marts.Select(m => (m, (object?)0L))]);
        };

        foreach (var spec in StreamCatalog.Default.All)
        {
            var all = BigQueryTestBed.Columns(spec);
            var required = new[] { StreamSpec.OperationColumn, StreamSpec.ChangeVersionColumn }
                .Concat(spec.PrimaryKey).ToList();
            foreach (var (name, columns, full) in new[]
                     {
                         ("incremental", all, false), ("full snapshot", all, true),
                         ("required columns", required, false),
                     })
            {
                variant = $"{spec.Key} ({name})";
                var request = await WriteBatchAsync(bed.Lake, spec, columns, full);
                await bed.Engine.LoadAsync(request, CancellationToken.None);
            }
        }
        foreach (var chain in new MartsChainName?[] { null, MartsChainName.Orders, MartsChainName.Reviews })
            foreach (var mode in new[] { "full", "incremental", "unchanged" })
            {
                variant = chain is { } name ? $"marts {WireName.Of(name)} ({mode})" : $"marts ({mode})";
                await bed.Engine.BuildMartsAsync(Guid.NewGuid(), chain, CancellationToken.None);
            }
        return scripts;
    }

    private static async Task<LoadRequest> WriteBatchAsync(ILakeStore lake, StreamSpec spec,
        IReadOnlyList<string> columns, bool isFullSnapshot)
    {
        var runId = Guid.NewGuid();
        var batch = LakePaths.RawBatch(spec.Table, new DateOnly(2024, 5, 17), runId);
        var writer = await LakeBatchWriter.OpenAsync(lake, batch, new CsvRecordFormat(), columns, 1000,
            CancellationToken.None);
        await writer.WriteAsync(columns.Select(c => c == StreamSpec.OperationColumn ? "I" : "1").ToArray<string?>(),
            CancellationToken.None);
        await writer.CompleteAsync("raw", spec.Source, spec.Stream, runId, null, null, isFullSnapshot,
            CancellationToken.None);
        return new LoadRequest(runId, spec.Source, spec.Stream, batch, IsFullSnapshot: isFullSnapshot);
    }

    private static Dictionary<string, TypeProto> ParameterTypes(FakeBigQueryJob job) =>
        (job.Configuration["query"]?["queryParameters"] as JsonArray ?? []).OfType<JsonObject>().ToDictionary(
            p => p["name"]!.GetValue<string>(),
            p => ZetaSqlTypes.Of(p["parameterType"]!["type"]!.GetValue<string>() is "ARRAY"
                ? $"ARRAY<{p["parameterType"]!["arrayType"]!["type"]!.GetValue<string>()}>"
                : p["parameterType"]!["type"]!.GetValue<string>()));

    private static ZetaSqlCatalog Catalog(FakeBigQueryServer fake)
    {
        var catalog = new ZetaSqlCatalog();
        foreach (var id in fake.Tables)
        {
            var (dataset, table) = (id[..id.IndexOf('.')], id[(id.IndexOf('.') + 1)..]);
            var resource = fake.Table(dataset, table)!;
            var columns = (resource["schema"]?["fields"] as JsonArray ?? []).Select(f =>
                (f!["name"]!.GetValue<string>(), ZetaSqlTypes.Of(f["type"]!.GetValue<string>())));
            var partitioned = resource["timePartitioning"] is JsonObject partitioning && partitioning["field"] is null;
            catalog.AddTable(dataset, table, columns, partitioned
                ? [("_PARTITIONTIME", ZetaSqlTypes.Of("TIMESTAMP")), ("_PARTITIONDATE", ZetaSqlTypes.Of("DATE"))]
                : null);
        }
        return catalog;
    }
}

/// <summary>One script the engine sent as a query job.</summary>
/// <param name="Variant">What was run (<c>marketplace.orders (full snapshot)</c>, <c>marts (full)</c>,
/// <c>marts (incremental)</c>, <c>marts (unchanged)</c>).</param>
/// <param name="Sql">The script.</param>
/// <param name="Parameters">Its named parameters' types.</param>
/// <param name="Catalog">The tables that existed when it was sent.</param>
public sealed record CapturedScript(string Variant, string Sql, IReadOnlyDictionary<string, TypeProto> Parameters,
    ZetaSqlCatalog Catalog)
{
    /// <inheritdoc />
    public override string ToString() => Variant;
}
