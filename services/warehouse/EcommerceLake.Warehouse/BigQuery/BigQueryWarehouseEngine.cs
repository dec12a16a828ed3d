using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EcommerceLake.Contracts;
using EcommerceLake.Hosting;
using EcommerceLake.Lake;
using EcommerceLake.Streams;
using EcommerceLake.Warehouse.Checks;
using EcommerceLake.Warehouse.Marts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Warehouse.BigQuery;

/// <summary>
/// The warehouse on BigQuery: datasets <c>land</c>, <c>raw</c>, <c>trusted</c> and <c>marts</c> (with
/// <c>Warehouse:BigQuery:DatasetPrefix</c>), a raw table partitioned by ingestion day and a trusted table clustered by
/// key per stream spec. A load is one load job (the raw batch's gzip CSV parts, read by BigQuery from their gs:// URIs,
/// into an all-STRING staging table) and one script job in one transaction
/// (<see cref="BigQueryMergeSql.LoadScript"/>): the same semantics as the PostgreSQL engine, with the differences the
/// README lists (the tie-break between equal versions of a key in one batch, microsecond timestamps, json as STRING).
/// The stream's data-quality checks run in the script's transaction, which an <c>error</c> check that fails rolls
/// back (<see cref="BigQueryCheckSql"/>). Jobs have deterministic ids, so a redelivered command re-attaches to the
/// jobs it already ran (<see cref="BigQueryJobs"/>).
/// </summary>
public sealed partial class BigQueryWarehouseEngine(
    BigQueryJobs jobs,
    BigQueryTables tables,
    IOptions<BigQueryOptions> options,
    ILakeStore lake,
    StreamCatalog catalog,
    TimeProvider time,
    ILogger<BigQueryWarehouseEngine> logger) : IWarehouseEngine
{
    // One marts build at a time in this process: the two chains' transactions both append to marts.builds, so two
    // would abort each other's transaction (concurrent update). Builds in other processes are retried (transient).
    private readonly SemaphoreSlim _martsBuild = new(1, 1);

    /// <summary>The four layers, each a dataset.</summary>
    public static readonly IReadOnlyList<string> Layers = ["land", "raw", "trusted", "marts"];

    private BigQueryOptions Options => options.Value;

    /// <inheritdoc />
    /// <remarks>
    /// Creates the datasets (409: they exist), the raw and trusted table of every spec, <c>land.batches</c> and the
    /// marts tables (409: they exist; spec columns a table lacks are added with <c>tables.patch</c>).
    /// </remarks>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        using var span = WarehouseTelemetry.ActivitySource.StartActivity("initialize warehouse");
        foreach (var layer in Layers)
            await tables.EnsureDatasetAsync(Options.Dataset(layer), cancellationToken);
        var created = 0;
        foreach (var spec in catalog.All)
        {
            var sql = new BigQueryMergeSql(spec, Options);
            if (await tables.EnsureTableAsync(sql.RawTableSpec(),
                cancellationToken) != BigQueryTables.Outcome.Existed) created++;
            if (await tables.EnsureTableAsync(sql.TrustedTableSpec(),
                cancellationToken) != BigQueryTables.Outcome.Existed) created++;
            if (sql.ChangesTableSpec() is { } changes
                && await tables.EnsureTableAsync(changes, cancellationToken) != BigQueryTables.Outcome.Existed)
                created++;
        }
        foreach (var table in BigQueryMartsSql.Tables(Options))
            if (await tables.EnsureTableAsync(table, cancellationToken) != BigQueryTables.Outcome.Existed) created++;
        logger.LogInformation("BigQuery warehouse datasets are up to date with {Streams} stream tables ({Changed} " +
            "tables created or extended)",
            catalog.All.Count, created);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The script's result carries the outcome of the stream's checks (<see cref="BigQueryCheckSql.Outcomes"/>). When
    /// an <c>error</c> check failed, the script rolled its transaction back and still succeeded; the load then throws
    /// <see cref="DataCheckFailedException"/>, and so does a redelivery, which re-attaches to that script job and reads
    /// the same result.
    /// </remarks>
    /// <exception cref="BigQueryJobException">The load job or the script failed (the transaction was rolled
    /// back).</exception>
    /// <exception cref="DataCheckFailedException">An <c>error</c> check failed: the script rolled back, nothing was
    /// loaded or registered.</exception>
    public async Task<LoadResult> LoadAsync(LoadRequest request, CancellationToken cancellationToken)
    {
        var spec = catalog.Get(request.Source, request.Stream);
        var sql = new BigQueryMergeSql(spec, Options);
        var (manifest, deleteMissing) = await RawBatchToLoad.ReadAsync(lake, spec, request, logger, cancellationToken);
        var uris = manifest.Parts.Select(p => lake.Describe(p.Path)).ToList();
        var notGcs = uris.FirstOrDefault(u => !u.StartsWith("gs://", StringComparison.Ordinal));
        if (notGcs is not null)
            throw new InvalidOperationException($"BigQuery load jobs read gs:// URIs; raw part '{notGcs}' is not in " +
                "Cloud Storage (set Lake:Store=Gcs).");

        var land = Options.Dataset("land");
        var stage = sql.StageTableName(request.RunId);
        var stageFields = sql.StageFields(manifest.Columns);
        var script = sql.LoadScript(stage, manifest.Columns);
        var configuration = BigQueryJobs.QueryConfiguration(script,
        [
            BigQueryJobs.Parameter("run_id", "STRING", request.RunId.ToString("D")),
            BigQueryJobs.Parameter("ingest_date", "DATE",
                IngestDate(request.RawBatchUri, manifest).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            BigQueryJobs.Parameter("row_count", "INT64", manifest.RowCount.ToString(CultureInfo.InvariantCulture)),
            BigQueryJobs.Parameter("delete_missing", "BOOL", deleteMissing ? "true" : "false"),
            BigQueryJobs.Parameter("source", "STRING", request.Source),
            BigQueryJobs.Parameter("stream", "STRING", request.Stream),
            BigQueryJobs.Parameter("table_name", "STRING", spec.Table),
            BigQueryJobs.Parameter("uri", "STRING", request.RawBatchUri),
        ]);
        var mergeId = BigQueryJobs.JobId(request.RunId, spec.Table, "merge", configuration.ToJsonString());

        // A redelivery after a successful load re-attaches to its script job: nothing is loaded or merged again.
        var done = await jobs.TryGetAsync(mergeId, cancellationToken);
        if (done is not { IsDone: true, Failed: false })
        {
            using var step = WarehouseTelemetry.ActivitySource.StartStep("load raw batch", request.RunId,
                request.Source, request.Stream);
            var stageExisted = await tables.GetTableAsync(land, stage, cancellationToken) is not null;
            await tables.EnsureTableAsync(new BigQueryTableSpec(land, stage, stageFields,
                ExpiresAt: time.GetUtcNow().AddHours(Options.StagingTableExpirationHours)), cancellationToken,
                addMissingColumns: false);
            if (uris.Count > 0)
            {
                var loadId = BigQueryJobs.JobId(request.RunId, spec.Table, "load",
                    [request.RawBatchUri, stage, string.Join(",", manifest.Columns),
                        .. manifest.Parts.Select(p => $"{p.Path}:{p.Sha256}")]);
                // An earlier load job's rows are reusable only while its staging table (filled by it) still exists.
                await jobs.RunAsync(loadId, LoadConfiguration(uris, stageFields, land, stage),
                    (_, _) => Task.FromResult(stageExisted), cancellationToken);
            }
            step?.SetTag(LakeTelemetry.RowsTag, manifest.RowCount);
        }
        else
        {
            logger.LogInformation("The script job {JobId} of this load already succeeded; re-attaching to its result",
                mergeId);
        }

        LoadResult result;
        using (var step = WarehouseTelemetry.ActivitySource.StartStep("merge trusted", request.RunId, request.Source,
            request.Stream))
        {
            var job = done is { IsDone: true, Failed: false } ? done
                : await jobs.RunAsync(mergeId, configuration, null, cancellationToken);
            var rows = await jobs.GetQueryResultsAsync(job.JobId, cancellationToken);
            result = new LoadResult(rows.Int64(0, "raw_rows"), rows.Int64(0, "inserted"), rows.Int64(0, "updated"),
                rows.Int64(0, "deleted"),
                rows.Int64(0, "trusted_rows"))
            {
                Checks = BigQueryCheckSql.Outcomes(spec, rows),
            };
            step?.SetTag(LakeTelemetry.RowsTag, result.Inserted + result.Updated + result.Deleted);
        }
        if (result.RawRowCount != manifest.RowCount)
            throw new InvalidDataException($"Raw batch '{request.RawBatchUri}' holds {result.RawRowCount} rows; its " +
                $"manifest says {manifest.RowCount}.");

        await tables.DeleteTableAsync(land, stage, cancellationToken);
        CheckOutcomes.ThrowIfBlocking(spec, result.Checks, logger);

        var stream = new KeyValuePair<string, object?>(LakeTelemetry.StreamTag, spec.Key);
        WarehouseTelemetry.Merged.Add(result.Inserted, stream, new("lake.change", "insert"));
        WarehouseTelemetry.Merged.Add(result.Updated, stream, new("lake.change", "update"));
        WarehouseTelemetry.Merged.Add(result.Deleted, stream, new("lake.change", "delete"));
        return result;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Builds the marts chain <paramref name="chain"/> asks for (null: both chains, one after the other in one
    /// script). A query job decides the chain's mode (<see cref="BigQueryMartsSql.ModeQuery"/>: full when the chain's
    /// last build ran another definition, or this run loaded only full snapshots of the tables the chain reads; else
    /// unchanged when no key is recorded in one of its change tables, an empty run's build; else incremental), then
    /// one script job runs the chain's full, incremental or unchanged build
    /// (<see cref="BigQueryMartsSql.UnchangedScript"/>: only <c>monthly_sales_fx_inflation</c>, which also reads the
    /// economics series, is rebuilt). Each build records its mode and chain in <c>marts.builds</c>. Both jobs have
    /// deterministic ids that name the chain, so a redelivered command re-attaches to them. A load that records changed
    /// keys while the build's transaction runs makes BigQuery abort one of the two ("concurrent update"); the failure
    /// is transient and retried. The builds of one process run one at a time: both chains' transactions append to
    /// <c>marts.builds</c>.
    /// </remarks>
    /// <exception cref="BigQueryJobException">The build script failed (the chain's marts are unchanged).</exception>
    public async Task<MartsResult> BuildMartsAsync(Guid runId, MartsChainName? chain,
        CancellationToken cancellationToken)
    {
        await _martsBuild.WaitAsync(cancellationToken);
        try
        {
            return await BuildAsync(runId, chain, cancellationToken);
        }
        finally
        {
            _martsBuild.Release();
        }
    }

    /// <summary>The mode query and the build script of <see cref="BuildMartsAsync"/> for <paramref name="chain"/>.
    /// </summary>
    private async Task<MartsResult> BuildAsync(Guid runId, MartsChainName? chain, CancellationToken cancellationToken)
    {
        var marts = chain is { } name ? "marts_" + WireName.Of(name) : "marts";
        var decide = BigQueryJobs.QueryConfiguration(BigQueryMartsSql.ModeQuery(Options, chain),
        [
            BigQueryJobs.Parameter("run_id", "STRING", runId.ToString("D")),
            BigQueryJobs.Parameter("definition", "STRING", MartsSql.Definition),
            BigQueryJobs.StringArrayParameter("source_tables", BigQueryMartsSql.SourceTablesOf(chain)),
        ]);
        var decision = await jobs.RunAsync(BigQueryJobs.JobId(runId, marts, "mode", decide.ToJsonString()),
            decide, null, cancellationToken);
        var decided = await jobs.GetQueryResultsAsync(decision.JobId, cancellationToken);
        var full = decided.Int64(0, "full_build") != 0;
        var changed = full || decided.Int64(0, "changed") != 0;
        var mode = full ? "full" : changed ? "incremental" : "unchanged";

        using var step = WarehouseTelemetry.ActivitySource.StartStep($"build {marts} ({mode})", runId);
        var script = full ? BigQueryMartsSql.BuildScript(Options, chain)
            : changed ? BigQueryMartsSql.IncrementalScript(Options, chain)
            : BigQueryMartsSql.UnchangedScript(Options, chain);
        var parameters = new List<JsonObject>
        {
            BigQueryJobs.Parameter("run_id", "STRING", runId.ToString("D")),
            BigQueryJobs.Parameter("definition", "STRING", MartsSql.Definition),
        };
        // The unchanged build splits no review into words: it is sent only the parameters it reads.
        if (changed) parameters.Add(BigQueryJobs.StringArrayParameter("stop_words", PortugueseStopWords.All));
        var configuration = BigQueryJobs.QueryConfiguration(script, parameters);
        var job = await jobs.RunAsync(BigQueryJobs.JobId(runId, marts, "build", configuration.ToJsonString()),
            configuration, null, cancellationToken);
        var rows = await jobs.GetQueryResultsAsync(job.JobId, cancellationToken);
        var counts = BigQueryMartsSql.MartsOf(chain).ToDictionary(m => m, m => rows.Int64(0, m),
            StringComparer.Ordinal);
        step?.SetTag(LakeTelemetry.RowsTag, counts.Values.Sum());
        logger.LogInformation("Marts built: {Marts} ({Mode})", marts, mode);
        return new MartsResult(counts);
    }

    /// <summary>
    /// The <c>configuration.load</c> of a staging load
    /// (https://cloud.google.com/bigquery/docs/reference/rest/v2/Job#JobConfigurationLoad): CSV with a header line,
    /// UTF-8, quoted newlines allowed, ASCII control characters kept, gzip detected by BigQuery, every column STRING in
    /// batch order, no bad record tolerated, truncating the pre-created staging table. The null marker stays BigQuery's
    /// default (the empty string): for a STRING column an unquoted empty field loads as NULL and a quoted <c>""</c> as
    /// the empty string — the lake's CSV convention (PostgreSQL COPY's), so nothing is lost.
    /// </summary>
    public JsonObject LoadConfiguration(IReadOnlyList<string> sourceUris, IReadOnlyList<BigQueryField> fields,
        string dataset, string table) => new()
    {
        ["load"] = new JsonObject
        {
            ["sourceUris"] = new JsonArray(sourceUris.Select(u => (JsonNode)JsonValue.Create(u)).ToArray()),
            ["sourceFormat"] = "CSV",
            ["skipLeadingRows"] = 1,
            ["fieldDelimiter"] = ",",
            ["quote"] = "\"",
            ["encoding"] = "UTF-8",
            ["allowQuotedNewlines"] = true,
            ["preserveAsciiControlCharacters"] = true,
            ["allowJaggedRows"] = false,
            ["maxBadRecords"] = 0,
            ["schema"] = new JsonObject {
                ["fields"] = new JsonArray(fields.Select(f => (JsonNode)BigQueryTables.Field(f)).ToArray()) },
            ["destinationTable"] = tables.Reference(dataset, table),
            ["createDisposition"] = "CREATE_IF_NEEDED",
            ["writeDisposition"] = "WRITE_TRUNCATE",
        },
    };

    /// <summary>The batch's ingest date: the <c>ingest_date=YYYY-MM-DD</c> of its raw path, else the UTC day its
    /// manifest was written.</summary>
    public static DateOnly IngestDate(string rawBatchUri, BatchManifest manifest)
    {
        var match = IngestDatePattern().Match(rawBatchUri);
        return match.Success && DateOnly.TryParseExact(match.Groups[1].Value, "yyyy-MM-dd",
            CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : DateOnly.FromDateTime(manifest.CreatedAt.UtcDateTime);
    }

    [GeneratedRegex(@"ingest_date=(\d{4}-\d{2}-\d{2})")]
    private static partial Regex IngestDatePattern();
}
