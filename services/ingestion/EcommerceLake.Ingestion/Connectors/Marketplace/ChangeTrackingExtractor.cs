using System.Data.Common;
using EcommerceLake.Contracts;
using EcommerceLake.Lake;
using EcommerceLake.Streams.Offsets;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Ingestion.Connectors.Marketplace;

/// <summary>
/// Reads one change-tracked table into a land batch, the same way for every dialect. In ONE read-only snapshot
/// transaction it follows Microsoft's documented sequence ("Work with change tracking", "Use snapshot isolation",
/// https://learn.microsoft.com/sql/relational-databases/track-changes/work-with-change-tracking-sql-server):
/// read the table's min valid version, read the current version, let <see cref="SyncPlanner"/> choose, then read
/// either every row (<c>_op</c> I at the current version, a full snapshot) or the net changes after the offset joined
/// to the table (<c>_change_version</c> = the change's version; a delete carries only its key), commit, and return the
/// current version as the new offset — also when nothing changed. Because everything is read in one snapshot, no
/// change is missed or read twice between the version and the rows. An offset older than the min valid version is
/// handled as <see cref="ExpiredOffsetPolicy"/> says (full reload by default). A table with no changes still gets the
/// current version as its new offset, so retention cleanup of other tables' changes never makes it look expired.
/// </summary>
/// <param name="dialect">The SQL of the source database.</param>
/// <param name="logger">Logger.</param>
/// <param name="expiredOffsetPolicy">What to do with an offset older than the min valid version.</param>
public sealed class ChangeTrackingExtractor(IChangeTrackingDialect dialect, ILogger logger,
    ExpiredOffsetPolicy expiredOffsetPolicy = ExpiredOffsetPolicy.FullReload)
{
    /// <summary>Extracts <paramref name="table"/> as <paramref name="request"/> asks into
    /// <paramref name="writer"/>.</summary>
    /// <param name="connectionString">The source database (never logged).</param>
    /// <param name="table">The source table of the stream.</param>
    /// <param name="request">Stream spec, committed offset (<c>{"changeVersion": N}</c> or null) and ForceFull.</param>
    /// <param name="writer">The land batch (columns of <see cref="LandRecord.Columns"/>).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The offset <c>{"changeVersion": current}</c> and whether the batch is a full snapshot.</returns>
    /// <exception cref="FormatException">The committed offset is not a change-tracking offset.</exception>
    /// <exception cref="SourceUnavailableException">The source could not be read, or the table is not
    /// change-tracked.</exception>
    /// <exception cref="ChangeTrackingOffsetExpiredException">The offset is older than the min valid version under
    /// <see cref="ExpiredOffsetPolicy.Fail"/>.</exception>
    public async Task<ExtractionResult> ExtractAsync(
        string connectionString, TrackedTable table, ExtractionRequest request, LakeBatchWriter writer,
        CancellationToken cancellationToken)
    {
        var spec = request.Spec;
        var lastSync = ChangeTrackingOffset.Parse(request.Offset);
        try
        {
            await using var connection = dialect.CreateConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await dialect.BeginSnapshotAsync(connection, cancellationToken);

            long minValid;
            await using (var command = dialect.MinValidVersion(connection, transaction, table))
                minValid = await command.ExecuteScalarAsync(cancellationToken) is long v
                    ? v
                    : throw new SourceUnavailableException(
                        $"Change tracking is not enabled on {table}; enable it first "
                        + "(ChangeTrackingInstaller.EnableAsync or ALTER TABLE … ENABLE CHANGE_TRACKING).",
                        kind: FailureKind.Configuration);
            var drift = await DriftAsync(connection, transaction, table, spec, cancellationToken);
            if (drift is { Missing.Count: > 0 })
                throw new SourceUnavailableException(
                    $"{table} no longer has the column(s) {string.Join(", ", drift.Missing)} that {spec.Key} reads "
                    + "(schema drift): change the stream's spec, or the table back.",
                    kind: FailureKind.Configuration);
            long current;
            await using (var command = dialect.CurrentVersion(connection, transaction))
                current = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken),
                    System.Globalization.CultureInfo.InvariantCulture);

            var plan = SyncPlanner.Decide(lastSync, minValid, current, request.ForceFull, expiredOffsetPolicy,
                table.ToString());
            logger.LogInformation("Reading {Table} for {Stream}: {Mode} at version {CurrentVersion} because {Reason}",
                table.ToString(), spec.Key, plan.Mode, current, plan.Reason);

            long rows = 0;
            if (plan.IsFullSnapshot)
            {
                await using var command = dialect.Snapshot(connection, transaction, table, spec);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    await writer.WriteAsync(LandRecord.Create(ChangeOperations.Insert, current,
                        Values(reader, 0, spec)), cancellationToken);
                    rows++;
                }
            }
            else
            {
                await using var command = dialect.Changes(connection, transaction, table, spec,
                    plan.SinceVersion!.Value);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var operation = ChangeOperations.Resolve(reader.GetString(0)[0], reader.GetBoolean(2));
                    await writer.WriteAsync(LandRecord.Create(operation, reader.GetInt64(1), Values(reader, 3, spec)),
                        cancellationToken);
                    rows++;
                }
            }
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Read {Rows} rows of {Table}; offset is now version {CurrentVersion}", rows,
                table.ToString(), current);
            return new ExtractionResult(ChangeTrackingOffset.Format(current), plan.IsFullSnapshot, drift);
        }
        catch (DbException ex)
        {
            throw new SourceUnavailableException(
                $"Could not read change-tracked table {table} for {spec.Key}: {ex.Message}", ex);
        }
    }

    /// <summary>The table's columns against the spec (<see cref="IChangeTrackingDialect.Columns"/>); null when the
    /// catalog shows none (a login that may not see them).</summary>
    private async Task<SchemaDrift?> DriftAsync(DbConnection connection, DbTransaction transaction,
        TrackedTable table, Streams.StreamSpec spec, CancellationToken cancellationToken)
    {
        var columns = new List<string>();
        await using (var command = dialect.Columns(connection, transaction, table))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                columns.Add(reader.GetString(0));
        if (columns.Count == 0) return null;
        var observed = new SourceColumns(spec);
        observed.ObserveAll(columns);
        return observed.Drift();
    }

    private string?[] Values(DbDataReader reader, int first, Streams.StreamSpec spec)
    {
        var values = new string?[spec.Columns.Count];
        for (var i = 0; i < values.Length; i++)
            values[i] = dialect.ReadText(reader, first + i, spec.Columns[i]);
        return values;
    }
}
