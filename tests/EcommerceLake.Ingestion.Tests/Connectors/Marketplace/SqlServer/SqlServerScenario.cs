using System.Data;
using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Ingestion.Connectors.Marketplace;
using EcommerceLake.Lake;
using EcommerceLake.Streams;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceLake.Ingestion.Tests.Connectors.Marketplace.SqlServer;

/// <summary>
/// A table <c>dbo.orders(order_id, line)</c> on a <see cref="ScriptedDatabase"/>, read by the real extractor with the
/// SQL Server dialect's statements, into a real land batch.
/// </summary>
public sealed class SqlServerScenario : ISourceConnector
{
    public static readonly StreamSpec Spec = new(
        "marketplace", "orders", "marketplace_orders", "orders", ["order_id", "line"],
        [
            new ColumnSpec("order_id", ColumnType.String, Nullable: false),
            new ColumnSpec("line", ColumnType.Int, Nullable: false),
            new ColumnSpec("price", ColumnType.Decimal),
            new ColumnSpec("placed_at", ColumnType.Timestamp),
            new ColumnSpec("shipped_on", ColumnType.Date),
        ],
        new CleaningRules());

    public static readonly TrackedTable Table = new("dbo", "orders");

    private readonly ChangeTrackingExtractor _extractor;

    public SqlServerScenario(ExpiredOffsetPolicy policy = ExpiredOffsetPolicy.FullReload) =>
        _extractor = new ChangeTrackingExtractor(new ScriptedSqlServerDialect(Database), NullLogger.Instance, policy);

    public ScriptedDatabase Database { get; } = new();

    public string Source => "marketplace";

    public static DataTable SnapshotRows() => Columns(new DataTable());

    public static DataTable ChangeRows()
    {
        var table = new DataTable();
        table.Columns.Add("operation", typeof(string));
        table.Columns.Add("change_version", typeof(long));
        table.Columns.Add("row_exists", typeof(bool));
        return Columns(table);
    }

    public Task<ExtractionResult> ExtractAsync(
        ExtractionRequest request, LakeBatchWriter writer, CancellationToken cancellationToken) =>
        _extractor.ExtractAsync("Server=scripted", Table, request, writer, cancellationToken);

    private static DataTable Columns(DataTable table)
    {
        table.Columns.Add("order_id", typeof(string));
        table.Columns.Add("line", typeof(int));
        table.Columns.Add("price", typeof(decimal));
        table.Columns.Add("placed_at", typeof(DateTime));
        table.Columns.Add("shipped_on", typeof(DateTime));
        return table;
    }
}
