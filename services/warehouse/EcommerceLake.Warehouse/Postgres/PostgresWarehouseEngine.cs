using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using EcommerceLake.Contracts;
using EcommerceLake.Hosting;
using EcommerceLake.Lake;
using EcommerceLake.Postgres;
using EcommerceLake.Streams;
using EcommerceLake.Warehouse.Checks;
using EcommerceLake.Warehouse.Marts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EcommerceLake.Warehouse.Postgres;

/// <summary>
/// The warehouse on PostgreSQL 15 or later (it needs <c>MERGE</c>): schemas <c>land</c>, <c>raw</c>, <c>trusted</c> and
/// <c>marts</c>, created by the embedded migrations (<see cref="SqlMigrator"/>), with the raw and trusted tables of
/// every stream generated from the specs. A load runs in one transaction: COPY of the batch's CSV parts into a staging
/// table, append to <c>raw.{table}</c>, MERGE of the de-duplicated batch into <c>trusted.{table}</c>, and a row in
/// <c>land.batches</c>; a failure leaves both layers as they were. Before it commits, the stream's data-quality checks
/// run on the rows it wrote (<see cref="PostgresCheckSql"/>); an <c>error</c> check that fails rolls it back. The
/// initial load of a batch into an empty trusted table copies the parts straight into raw and fills trusted from there
/// when no key occurs twice and nothing is deleted (<see cref="TryLoadInitialThroughRawAsync"/>).
/// </summary>
public sealed class PostgresWarehouseEngine(
    IOptions<WarehouseOptions> options,
    ILakeStore lake,
    StreamCatalog catalog,
    ILogger<PostgresWarehouseEngine> logger) : IWarehouseEngine, IAsyncDisposable, IDisposable
{
    /// <summary>Resource-name prefix of the warehouse's migration scripts.</summary>
    public const string MigrationsPrefix = "EcommerceLake.Warehouse.Migrations.";

    /// <summary>Schema that holds the warehouse's <c>schema_migrations</c> table.</summary>
    public const string MigrationsSchema = "land";

    // "LAKEDDL": serializes the per-stream DDL of instances starting together.
    private const long DdlLockKey = 0x4C414B45_44444C;
    private const string IcuCollation = "und-x-icu";
    private const string IcuCollate = "COLLATE \"und-x-icu\"";

    private readonly Lazy<NpgsqlDataSource> _dataSource = new(() => NpgsqlDataSource.Create(
        options.Value.ConnectionString
        ?? throw new InvalidOperationException($"{WarehouseOptions.ConnectionStringKey} is required.")));

    private NpgsqlDataSource DataSource => _dataSource.Value;

    private int Timeout => options.Value.CommandTimeoutSeconds;

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        using var span = WarehouseTelemetry.ActivitySource.StartActivity("initialize warehouse");
        await SqlMigrator.ApplyAsync(options.Value.ConnectionString!, MigrationsSchema,
            typeof(PostgresWarehouseEngine).Assembly,
            MigrationsPrefix, logger, cancellationToken);

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, tx, "SELECT pg_advisory_xact_lock($1)", cancellationToken, DdlLockKey);
        foreach (var spec in catalog.All)
            await ExecuteAsync(connection, tx, new PostgresMergeSql(spec).CreateTables(), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        logger.LogInformation("Warehouse schemas are up to date with {Streams} stream tables", catalog.All.Count);
    }

    /// <inheritdoc />
    public async Task<LoadResult> LoadAsync(LoadRequest request, CancellationToken cancellationToken)
    {
        var spec = catalog.Get(request.Source, request.Stream);
        var sql = new PostgresMergeSql(spec);
        var (manifest, deleteMissing) = await RawBatchToLoad.ReadAsync(lake, spec, request, logger, cancellationToken);

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await ConfigureTransactionAsync(connection, tx, cancellationToken);
        await ExecuteAsync(connection, tx, sql.Lock, cancellationToken);
        // Under the lock: no other load can fill trusted before this one commits.
        var initial = await ScalarAsync(connection, tx, sql.TrustedIsEmpty, cancellationToken) is true;
        // An earlier delivery of this load committed its raw rows with its row in land.batches, in one transaction:
        // without that row there is nothing of this run in raw to replace, and the delete (which reads raw through a
        // BRIN index whose newest ranges are not summarized yet) is skipped.
        var delivered = await ScalarAsync(connection, tx, PostgresMergeSql.LoadedBefore, cancellationToken,
            request.RunId, request.Source, request.Stream) is true;
        var replaced = delivered
            ? await ExecuteAsync(connection, tx, sql.DeleteRunFromRaw, cancellationToken, request.RunId)
            : 0;
        if (replaced > 0) logger.LogInformation("Replacing {Rows} raw rows an earlier delivery of this run " +
            "appended to {Table}", replaced, sql.RawTable);

        var throughRaw = initial && manifest.RowCount > 0
            ? await TryLoadInitialThroughRawAsync(connection, tx, sql, manifest, request, cancellationToken)
            : null;
        long rawRows, inserted, updated, deleted;
        if (throughRaw is { Loaded: true })
            (rawRows, inserted, updated, deleted) = (throughRaw.RawRows, throughRaw.Inserted, 0, 0);
        else
        {
            await ExecuteAsync(connection, tx, sql.CreateStage(), cancellationToken);
            await CopyBatchAsync(connection, sql.Copy(manifest.Columns), manifest, request, cancellationToken);

            using (var step = WarehouseTelemetry.ActivitySource.StartStep("append raw", request.RunId, request.Source,
                request.Stream))
            {
                rawRows = await ExecuteAsync(connection, tx, sql.InsertRaw, cancellationToken, request.RunId);
                step?.SetTag(LakeTelemetry.RowsTag, rawRows);
            }
            CheckRowCount(request, manifest, rawRows);

            using var merge = WarehouseTelemetry.ActivitySource.StartStep("merge trusted", request.RunId,
                request.Source, request.Stream);
            (inserted, updated, deleted) = initial
                ? await LoadInitialAsync(connection, tx, sql, request.RunId, manifest.RowCount,
                    tryAsIs: throughRaw is not { KeyStagedTwice: true }, cancellationToken)
                : await MergeAsync(connection, tx, sql, request.RunId, manifest.RowCount, deleteMissing,
                    cancellationToken);
            merge?.SetTag(LakeTelemetry.RowsTag, inserted + updated + deleted);
        }

        var checks = await CheckAsync(connection, tx, spec, initial, request.RunId, cancellationToken);
        var trustedRows = await TrustedRowCountAsync(connection, tx, sql, spec.Table, initial, inserted, deleted,
            cancellationToken);
        await ExecuteAsync(connection, tx,
            """
            INSERT INTO land.batches (run_id, source, stream, table_name, uri, row_count, inserted, updated, deleted,
                is_full_snapshot)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (run_id, source, stream) DO UPDATE SET
                table_name = EXCLUDED.table_name, uri = EXCLUDED.uri, row_count = EXCLUDED.row_count,
                inserted = EXCLUDED.inserted, updated = EXCLUDED.updated, deleted = EXCLUDED.deleted,
                is_full_snapshot = EXCLUDED.is_full_snapshot, loads = land.batches.loads + 1, loaded_at = now()
            """,
            cancellationToken,
            request.RunId, request.Source, request.Stream, spec.Table, request.RawBatchUri, rawRows, inserted, updated,
            deleted, deleteMissing);
        await tx.CommitAsync(cancellationToken);

        var stream = new KeyValuePair<string, object?>(LakeTelemetry.StreamTag, spec.Key);
        WarehouseTelemetry.Merged.Add(inserted, stream, new("lake.change", "insert"));
        WarehouseTelemetry.Merged.Add(updated, stream, new("lake.change", "update"));
        WarehouseTelemetry.Merged.Add(deleted, stream, new("lake.change", "delete"));
        return new LoadResult(rawRows, inserted, updated, deleted, trustedRows) { Checks = checks };
    }

    /// <summary>
    /// Runs the stream's data-quality checks (<see cref="PostgresCheckSql"/>) on the rows this load wrote, in its
    /// transaction: one counting query, then a sample of up to <see cref="CheckOutcomes.SampleSize"/> keys per failing
    /// check.
    /// </summary>
    /// <exception cref="DataCheckFailedException">An <c>error</c> check failed; the caller's transaction is left
    /// uncommitted, so the load rolls back.</exception>
    private async Task<IReadOnlyList<CheckOutcome>> CheckAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        StreamSpec spec, bool initial, Guid runId, CancellationToken cancellationToken)
    {
        if (spec.Checks.Count == 0) return [];
        using var step = WarehouseTelemetry.ActivitySource.StartStep("check trusted", runId, spec.Source,
            spec.Stream);
        var sql = new PostgresCheckSql(spec);
        long checkedRows;
        var failing = new long[spec.Checks.Count];
        await using (var command = Command(connection, tx, sql.Count(initial), []))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            checkedRows = reader.GetInt64(0);
            for (var i = 0; i < failing.Length; i++) failing[i] = reader.GetInt64(i + 1);
        }
        var outcomes = new List<CheckOutcome>(spec.Checks.Count);
        for (var i = 0; i < failing.Length; i++)
        {
            var sample = new List<string>();
            if (failing[i] > 0)
            {
                await using var command = Command(connection, tx,
                    sql.Sample(spec.Checks[i], initial, CheckOutcomes.SampleSize), []);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) sample.Add(reader.GetString(0));
            }
            outcomes.Add(CheckOutcomes.Of(spec.Checks[i], checkedRows, failing[i], sample));
        }
        step?.SetTag(LakeTelemetry.RowsTag, checkedRows);
        return CheckOutcomes.ThrowIfBlocking(spec, outcomes, logger);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Builds the chain asked for (<see cref="MartsChain"/>), or both side by side, each on its own connection and in
    /// its own transaction, as they share no table. A chain locks its change tables (<c>land.changes_{table}</c>;
    /// loads of its tables wait to record their keys until it commits), then either maintains its marts for the
    /// recorded keys (its incremental script) or rebuilds its fact tables and marts from trusted: in full when the last
    /// build of the chain (or of every chain) ran another definition (<see cref="MartsSql.Definition"/>), when every
    /// batch this run loaded into a table the chain reads was a full snapshot, or when an initial load marked such a
    /// table as wholly changed (<c>land.changes_all</c>). A chain with no key recorded since its last build rebuilds
    /// only the marts that read untracked tables (<c>monthly_sales_fx_inflation</c>, which also reads the economics
    /// series): mode <c>unchanged</c>. In its transaction a chain empties its change tables and its rows of
    /// <c>land.changes_all</c>, and records itself in <c>marts.builds</c> (column <c>chain</c>) with its mode and row
    /// counts. A failed chain leaves its marts and keys as they were, so its next build finishes the work; with both
    /// chains asked, the other may have committed.
    /// </remarks>
    public async Task<MartsResult> BuildMartsAsync(Guid runId, MartsChainName? chain,
        CancellationToken cancellationToken)
    {
        var chains = chain is { } name ? [MartsChain.Of(name)] : MartsChain.All;
        using var step = WarehouseTelemetry.ActivitySource.StartStep(
            chain is { } only ? $"build marts ({WireName.Of(only)})" : "build marts", runId);
        var built = await Task.WhenAll(chains.Select(c => BuildChainAsync(runId, c, cancellationToken)));
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (_, chainCounts) in built)
            foreach (var (mart, rows) in chainCounts) counts[mart] = rows;
        if (step is not null)
            step.DisplayName = $"{step.DisplayName} ({string.Join(", ", built.Select(b => b.Mode).Distinct())})";
        return new MartsResult(counts);
    }

    /// <summary>One chain's build in its own transaction (see <see cref="BuildMartsAsync"/>): locks its change tables,
    /// decides the mode, rebuilds it in full (its tables' indexes set aside while they fill,
    /// <see cref="MartsIndexSql"/>), maintains it for its recorded keys, or (none recorded) rebuilds only its
    /// <see cref="MartsChain.Untracked"/> marts; empties its change tables and its rows of <c>land.changes_all</c>;
    /// records the build. Returns the mode (<c>full</c>, <c>incremental</c>, <c>unchanged</c>) and the row count of
    /// each of the chain's marts.</summary>
    private async Task<(string Mode, Dictionary<string, long> Counts)> BuildChainAsync(Guid runId, MartsChain chain,
        CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var changeTables = string.Join(", ", chain.SourceTables.Select(PostgresMergeSql.ChangesTableOf));
        var chainName = WireName.Of(chain.Name);
        var tables = chain.SourceTables.ToArray();
        await ConfigureTransactionAsync(connection, tx, cancellationToken);
        // Taken first: an initial load of a table of this chain takes its change table before it marks the table in
        // land.changes_all and rebuilds trusted's key (LoadInitialAsync), so neither waits for the other twice.
        await ExecuteAsync(connection, tx, $"LOCK TABLE {changeTables} IN EXCLUSIVE MODE", cancellationToken);
        var hasIcu = await ScalarAsync(connection, tx, "SELECT EXISTS (SELECT 1 FROM pg_collation WHERE collname = $1)",
            cancellationToken, IcuCollation) is true;
        var full = await ScalarAsync(connection, tx,
            """
            SELECT (SELECT definition FROM marts.builds WHERE chain IS NULL OR chain = $4
                    ORDER BY built_at DESC LIMIT 1) IS DISTINCT FROM $1
                OR COALESCE((SELECT bool_and(is_full_snapshot) FROM land.batches
                             WHERE run_id = $2 AND table_name = ANY ($3)), false)
                OR EXISTS (SELECT 1 FROM land.changes_all WHERE table_name = ANY ($3))
            """, cancellationToken, MartsSql.Definition, runId, tables, chainName) is true;
        var changed = full || await ScalarAsync(connection, tx, HasChanges(chain.SourceTables), cancellationToken)
            is true;
        if (full)
        {
            var rebuilt = chain.Facts.Concat(chain.Marts).ToArray();
            await ExecuteAsync(connection, tx, "TRUNCATE " + string.Join(", ",
                rebuilt.Select(t => PgNames.Qualified("marts", t))), cancellationToken);
            var restores = await SetIndexesAsideAsync(connection, tx, rebuilt, cancellationToken);
            foreach (var name in rebuilt)
                await RunMartsSqlAsync(connection, tx, name, incremental: false, hasIcu, cancellationToken);
            foreach (var restore in restores) await ExecuteAsync(connection, tx, restore, cancellationToken);
        }
        else if (changed)
        {
            foreach (var sql in chain.IncrementalSteps())
            {
                if (sql.StartsWith(MartsSql.RunPrefix, StringComparison.Ordinal))
                    await RunMartsSqlAsync(connection, tx, sql[MartsSql.RunPrefix.Length..].Trim(), incremental: true,
                        hasIcu, cancellationToken);
                else
                    await ExecuteAsync(connection, tx, sql, cancellationToken);
            }
        }
        else
        {
            // Nothing recorded since the last build: only the marts that also read tables recording no keys (the
            // economics series) are rebuilt; they have a few dozen rows.
            foreach (var name in chain.Untracked)
            {
                await ExecuteAsync(connection, tx, $"TRUNCATE {PgNames.Qualified("marts", name)}", cancellationToken);
                await RunMartsSqlAsync(connection, tx, name, incremental: false, hasIcu, cancellationToken);
            }
        }
        await ExecuteAsync(connection, tx, $"TRUNCATE {changeTables}", cancellationToken);
        await ExecuteAsync(connection, tx, "DELETE FROM land.changes_all WHERE table_name = ANY ($1)",
            cancellationToken, [tables]);
        var mode = full ? "full" : changed ? "incremental" : "unchanged";
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var mart in chain.Marts)
            counts[mart] = (long)(await ScalarAsync(connection, tx,
                $"SELECT count(*) FROM {PgNames.Qualified("marts", mart)}", cancellationToken))!;
        await ExecuteAsync(connection, tx,
            "INSERT INTO marts.builds (run_id, row_counts, mode, definition, chain) VALUES ($1, $2::jsonb, $3, $4, $5)",
            cancellationToken, runId, JsonSerializer.Serialize(counts), mode, MartsSql.Definition, chainName);
        await tx.CommitAsync(cancellationToken);
        logger.LogInformation("Marts chain {Chain} built ({Mode})", chainName, mode);
        if (!hasIcu && chain.Name == MartsChainName.Reviews)
            logger.LogWarning("The server has no ICU collation '{Collation}'; review words were split with the " +
                "database's own locale", IcuCollation);
        return (mode, counts);
    }

    /// <summary>Drops the indexes of the marts tables <paramref name="tables"/> for a full build
    /// (<see cref="MartsIndexSql"/>).</summary>
    /// <returns>The statements that build them again, to run once the tables are full.</returns>
    private async Task<List<string>> SetIndexesAsideAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        string[] tables, CancellationToken cancellationToken)
    {
        var statements = new List<(string Drop, string Restore)>();
        await using (var command = Command(connection, tx, MartsIndexSql.List, [tables]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) statements.Add(MartsIndexSql.Statements(reader));
        foreach (var (drop, _) in statements) await ExecuteAsync(connection, tx, drop, cancellationToken);
        return [.. statements.Select(s => s.Restore)];
    }

    /// <summary>One row, one boolean: true when a key is recorded in <c>land.changes_{table}</c> of any of
    /// <paramref name="tables"/>.</summary>
    private static string HasChanges(IEnumerable<string> tables) => "SELECT " + string.Join(" OR ",
        tables.Select(t => $"EXISTS (SELECT 1 FROM {PostgresMergeSql.ChangesTableOf(t)})"));

    /// <summary>Runs <c>Marts/{name}.sql</c>: scoped to the keys being maintained when
    /// <paramref name="incremental"/>, with the stop words as <c>$1</c> when it takes them.</summary>
    private async Task RunMartsSqlAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string name,
        bool incremental, bool hasIcu, CancellationToken cancellationToken)
    {
        var sql = MartsSql.Scoped(MartsSql.Load(name), incremental)
            .Replace("/*COLLATE*/", hasIcu ? IcuCollate : "", StringComparison.Ordinal);
        var parameters = sql.Contains("$1", StringComparison.Ordinal)
            ? new object[] { PortugueseStopWords.All.ToArray() } : [];
        await ExecuteAsync(connection, tx, sql, cancellationToken, parameters);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_dataSource.IsValueCreated) await _dataSource.Value.DisposeAsync();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_dataSource.IsValueCreated) _dataSource.Value.Dispose();
    }

    /// <summary>Runs <paramref name="copy"/> (a <c>COPY … FROM STDIN</c> of CSV with a header) once per part of the
    /// raw batch, in the step <c>copy raw batch</c> of the run's trace.</summary>
    private async Task CopyBatchAsync(NpgsqlConnection connection, string copy, BatchManifest manifest,
        LoadRequest request, CancellationToken cancellationToken)
    {
        using var step = WarehouseTelemetry.ActivitySource.StartStep("copy raw batch", request.RunId, request.Source,
            request.Stream);
        foreach (var part in manifest.Parts)
            await CopyPartAsync(connection, copy, part, cancellationToken);
        step?.SetTag(LakeTelemetry.RowsTag, manifest.RowCount);
    }

    private async Task CopyPartAsync(NpgsqlConnection connection, string copy, BatchPart part,
        CancellationToken cancellationToken)
    {
        await using var content = await LakeBatchReader.OpenPartAsync(lake, part, cancellationToken);
        using var gzip = new GZipStream(content, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        await using var writer = await connection.BeginTextImportAsync(copy, cancellationToken);
        var buffer = new char[1 << 16];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
            await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
    }

    /// <summary>Sets <c>work_mem</c> (<see cref="WarehouseOptions.WorkMem"/>), <c>jit</c>
    /// (<see cref="WarehouseOptions.Jit"/>) and <c>default_statistics_target</c>
    /// (<see cref="WarehouseOptions.StatisticsTarget"/>) for this transaction, so the batch's de-duplication sort and
    /// the marts' joins and groupings stay in memory, no statement waits for LLVM to compile it, and its
    /// <c>ANALYZE</c>s sample what the next plans need.</summary>
    private Task<object?> ConfigureTransactionAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        CancellationToken cancellationToken) =>
        ScalarAsync(connection, tx, "SELECT set_config('work_mem', $1, true), set_config('jit', $2, true), " +
            "set_config('default_statistics_target', $3, true)", cancellationToken, options.Value.WorkMem,
            options.Value.Jit ? "on" : "off", options.Value.StatisticsTarget.ToString(CultureInfo.InvariantCulture));

    /// <summary>How <see cref="TryLoadInitialThroughRawAsync"/> ended: <see cref="Loaded"/> with the raw rows appended
    /// and the rows inserted into trusted, or nothing done, and then whether a key occurred twice.</summary>
    private sealed record ThroughRaw(bool Loaded, long RawRows, long Inserted, bool KeyStagedTwice);

    /// <summary>
    /// The initial load of a batch without the staging table: its parts are copied straight into raw
    /// (<see cref="PostgresMergeSql.CopyRaw"/>, the run id from <see cref="PostgresMergeSql.SetRunId"/>) and trusted is
    /// filled from the run's raw rows as they are, its primary key dropped and added back as on the staging table's
    /// as-is path (<see cref="TryInsertAsIsAsync"/>). All in a savepoint, rolled back (nothing done) when the batch is
    /// not for this path: it holds a delete, a row the staging table would refuse (<see cref="PostgresMergeSql
    /// .RawRunSummary"/>), or a key twice; the caller then loads it through the staging table, whose COPY raises the
    /// refusal and whose de-duplication keeps the latest version of a key.
    /// </summary>
    /// <exception cref="InvalidDataException">Raw received another number of rows than the manifest holds.</exception>
    private async Task<ThroughRaw> TryLoadInitialThroughRawAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        PostgresMergeSql sql, BatchManifest manifest, LoadRequest request, CancellationToken cancellationToken)
    {
        const string savepoint = "lake_initial_through_raw";
        await tx.SaveAsync(savepoint, cancellationToken);
        await ScalarAsync(connection, tx, PostgresMergeSql.SetRunId, cancellationToken, request.RunId.ToString());
        await CopyBatchAsync(connection, sql.CopyRaw(manifest.Columns), manifest, request, cancellationToken);
        var (rawRows, deletes, refused) = await ThreeCountsAsync(connection, tx, sql.RawRunSummary, cancellationToken,
            request.RunId);
        CheckRowCount(request, manifest, rawRows);
        if (deletes > 0 || refused > 0)
        {
            await tx.RollbackAsync(savepoint, cancellationToken);
            return new ThroughRaw(false, 0, 0, false);
        }

        using var merge = WarehouseTelemetry.ActivitySource.StartStep("merge trusted", request.RunId, request.Source,
            request.Stream);
        // As LoadInitialAsync: the change table first, and the table marked as wholly changed before its key is
        // dropped.
        if (sql.ChangesTable is not null)
        {
            await ExecuteAsync(connection, tx, sql.LockChangesTable, cancellationToken);
            await ExecuteAsync(connection, tx, sql.MarkAllChanged, cancellationToken);
        }
        if (await TryInsertAsIsAsync(connection, tx, sql, sql.InsertInitialFromRaw, request.RunId, cancellationToken)
            is not { } inserted)
        {
            await tx.RollbackAsync(savepoint, cancellationToken);
            return new ThroughRaw(false, 0, 0, KeyStagedTwice: true);
        }
        if (sql.AnalyzeTrusted is { } analyze) await ExecuteAsync(connection, tx, analyze, cancellationToken);
        await tx.ReleaseAsync(savepoint, cancellationToken);
        merge?.SetTag(LakeTelemetry.RowsTag, inserted);
        return new ThroughRaw(true, rawRows, inserted, false);
    }

    /// <exception cref="InvalidDataException"><paramref name="rawRows"/> differs from the manifest's row count.
    /// </exception>
    private static void CheckRowCount(LoadRequest request, BatchManifest manifest, long rawRows)
    {
        if (rawRows != manifest.RowCount)
            throw new InvalidDataException(
                $"Raw batch '{request.RawBatchUri}' holds {rawRows} rows; its manifest says {manifest.RowCount}.");
    }

    /// <summary>The initial load into an empty trusted table: a plain insert of the batch, and the table marked as
    /// wholly changed for the marts (<see cref="PostgresMergeSql.MarkAllChanged"/>) instead of key by key, and analyzed
    /// when a mart reads it (<see cref="PostgresMergeSql.AnalyzeTrusted"/>). A staging table without deletes (a
    /// snapshot) is inserted as it is, in a savepoint, with trusted's primary key dropped and added again after the
    /// insert (<see cref="PostgresMergeSql.DropTrustedKey"/>): adding it checks that no key occurs twice, and a unique
    /// violation (SQLSTATE 23505) rolls the insert and the key's rebuild back to the de-duplicated path, with the key
    /// as it was. With deletes, the staged records are inserted as they are when
    /// <see cref="PostgresMergeSql.StageKeysAreUnique"/>, else the de-duplicated batch.
    /// </summary>
    private async Task<(long Inserted, long Updated, long Deleted)> LoadInitialAsync(NpgsqlConnection connection,
        NpgsqlTransaction tx, PostgresMergeSql sql, Guid runId, long stagedRows, bool tryAsIs,
        CancellationToken cancellationToken)
    {
        var asIs = tryAsIs && stagedRows > 0
            && await ScalarAsync(connection, tx, sql.StageHasDeletes, cancellationToken) is not true;
        // The change table first, on either path: that waits for a marts build of this table's chain, which holds it
        // from its start to its commit. A build that read land.changes_all before this load committed its mark
        // could otherwise delete that mark at its end, unseen; and a build holding the change table reads this table,
        // which it could not while this load held the ACCESS EXCLUSIVE lock of the key's rebuild (a deadlock).
        // Marked once: on the as-is path before the key is dropped (it inserts every staged record, so it always
        // inserts some, whichever way it ends).
        if (sql.ChangesTable is not null) await ExecuteAsync(connection, tx, sql.LockChangesTable, cancellationToken);
        if (asIs && sql.ChangesTable is not null)
            await ExecuteAsync(connection, tx, sql.MarkAllChanged, cancellationToken);
        var inserted = asIs
            ? await TryInsertAsIsAsync(connection, tx, sql, sql.InsertInitial(stageIsBatch: true), runId,
                cancellationToken)
            : null;
        if (inserted is null)
        {
            var stageIsBatch = await ScalarAsync(connection, tx, sql.StageKeysAreUnique, cancellationToken) is true;
            if (!stageIsBatch) await ExecuteAsync(connection, tx, sql.CreateBatch(), cancellationToken);
            inserted = await ExecuteAsync(connection, tx, sql.InsertInitial(stageIsBatch), cancellationToken, runId);
            if (!asIs && inserted > 0 && sql.ChangesTable is not null)
                await ExecuteAsync(connection, tx, sql.MarkAllChanged, cancellationToken);
        }
        if (inserted > 0 && sql.AnalyzeTrusted is { } analyze)
            await ExecuteAsync(connection, tx, analyze, cancellationToken);
        return (inserted.Value, 0, 0);
    }

    /// <summary>Inserts the staged records (at least one, no delete) into the empty trusted table as they are, in a
    /// savepoint and without its primary key, which is added again after; null (and nothing inserted, the key as it
    /// was) when a key occurs twice, which adding the key answers with a unique violation.
    /// </summary>
    /// <remarks>The caller marks the table as wholly changed before (see <see cref="LoadInitialAsync"/>): the key's
    /// rebuild takes the table's <c>ACCESS EXCLUSIVE</c> lock.</remarks>
    private async Task<long?> TryInsertAsIsAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        PostgresMergeSql sql, string insert, Guid runId, CancellationToken cancellationToken)
    {
        const string savepoint = "lake_initial_insert";
        await tx.SaveAsync(savepoint, cancellationToken);
        try
        {
            await ExecuteAsync(connection, tx, sql.DropTrustedKey, cancellationToken);
            var inserted = await ExecuteAsync(connection, tx, insert, cancellationToken, runId);
            await ExecuteAsync(connection, tx, sql.AddTrustedKey, cancellationToken);
            await tx.ReleaseAsync(savepoint, cancellationToken);
            return inserted;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await tx.RollbackAsync(savepoint, cancellationToken);
            logger.LogDebug("A key occurs twice in the initial batch of {Table}; loading it de-duplicated",
                sql.TrustedTable);
            return null;
        }
    }

    /// <summary>
    /// The merge of the batch into a trusted table that holds rows (the semantics of a SQL <c>MERGE</c>, see
    /// <see cref="PostgresMergeSql.Classify"/>): one join classifies the changed keys, which are recorded for the
    /// marts and applied by kind, so unchanged rows cost one join and a small change touches trusted only through its
    /// primary key. For a full snapshot the rows the batch does not hold are then deleted (and recorded). Any other
    /// batch of fewer than a fifth of trusted's rows is joined by primary-key lookups
    /// (<see cref="PostgresMergeSql.ClassifiesByPointLookups"/>), so its cost follows the change, not the table.
    /// </summary>
    /// <exception cref="InvalidOperationException">Trusted changed by another number of rows than classified (the
    /// transaction is rolled back by the caller).</exception>
    private async Task<(long Inserted, long Updated, long Deleted)> MergeAsync(NpgsqlConnection connection,
        NpgsqlTransaction tx, PostgresMergeSql sql, Guid runId, long batchRows, bool deleteMissing,
        CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, tx, sql.CreateBatch(), cancellationToken);
        if (!deleteMissing && PostgresMergeSql.ClassifiesByPointLookups(batchRows, Convert.ToDouble(
                await ScalarAsync(connection, tx, PostgresMergeSql.TrustedRowEstimate, cancellationToken,
                    sql.TrustedTable), CultureInfo.InvariantCulture)))
            await ScalarAsync(connection, tx, PostgresMergeSql.PreferPointLookups, cancellationToken);
        await ExecuteAsync(connection, tx, sql.Classify, cancellationToken);
        var (inserted, updated, deleted) = await ThreeCountsAsync(connection, tx, sql.CountChanges, cancellationToken);
        if (sql.ChangesTable is not null && inserted + updated + deleted > 0)
            await ExecuteAsync(connection, tx, sql.CaptureChanges, cancellationToken);
        Task<long> Apply(long classified, string statement, params object[] parameters) => classified > 0
            ? ExecuteAsync(connection, tx, statement, cancellationToken, parameters) : Task.FromResult(0L);
        var applied = (await Apply(inserted, sql.InsertChanged, runId), await Apply(updated, sql.UpdateChanged, runId),
            await Apply(deleted, sql.DeleteChanged));
        if (applied != (inserted, updated, deleted))
            throw new InvalidOperationException(
                $"The merge into {sql.TrustedTable} inserted, updated and deleted {applied} rows; " +
                $"{(inserted, updated, deleted)} were classified. The load was rolled back.");
        if (deleteMissing)
            deleted += (long)(await ScalarAsync(connection, tx, sql.DeleteMissing, cancellationToken))!;
        return (inserted, updated, deleted);
    }

    /// <summary>
    /// The rows trusted holds after this load, from the count the loads keep (Migrations/0011_trusted_row_counts.sql),
    /// so a merge costs no scan of the whole table: an initial load filled an empty table (under the lock), so its
    /// rows are the ones it inserted; a merge adds its inserts and takes off its deletes. A table whose count is not
    /// kept yet is counted once.
    /// </summary>
    private async Task<long> TrustedRowCountAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        PostgresMergeSql sql, string table, bool initial, long inserted, long deleted,
        CancellationToken cancellationToken)
    {
        if (!initial && await ScalarAsync(connection, tx, PostgresMergeSql.AddToTrustedRowCount, cancellationToken,
                table, inserted, deleted) is long kept)
            return kept;
        var rows = initial ? inserted : (long)(await ScalarAsync(connection, tx, sql.CountTrusted, cancellationToken))!;
        await ExecuteAsync(connection, tx, PostgresMergeSql.SetTrustedRowCount, cancellationToken, table, rows);
        return rows;
    }

    /// <summary>The one row of three <c>bigint</c>s that <paramref name="query"/> answers.</summary>
    private async Task<(long, long, long)> ThreeCountsAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        string query, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = Command(connection, tx, query, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <returns>Rows affected (ExecuteNonQuery's count: up to 2^31 - 1 rows per statement).</returns>
    private async Task<long> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql,
        CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<object?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql,
        CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, tx) { CommandTimeout = Timeout };
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }
}
