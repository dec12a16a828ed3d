using System.Text;
using EcommerceLake.DemoSources.Olist;
using EcommerceLake.DemoSources.ReviewApi;
using EcommerceLake.Ingestion.Connectors.Marketplace;
using EcommerceLake.Postgres;
using EcommerceLake.Streams;
using Npgsql;
using NpgsqlTypes;

namespace EcommerceLake.DemoSources.Seeding;

/// <summary>
/// Builds the demo's three sources from the real Olist data and later applies one real change batch to them:
/// <list type="bullet">
/// <item>marketplace: schema <c>marketplace</c> in the source database (see <see cref="MarketplaceSchema"/>), with
/// change tracking;</item>
/// <item>reviews: table <c>reviews_api.order_reviews</c> behind the demo review API (see
/// <see cref="ReviewApiSchema"/>), written after the marketplace tables so each review's nested arrays are derived from
/// them (<see cref="ReviewNestedArrays"/>);</item>
/// <item>files: the sellers, products and category translation CSVs in the drop directory, byte for byte as
/// published.</item>
/// </list>
/// The most recent part of the data (see <see cref="DemoSourceSettings.HoldBackFrom"/>) is held back from the seed and
/// arrives with the change batch, together with status updates, item deletions and a new translation file.
/// </summary>
public sealed class DemoSeeder
{
    /// <summary>Name of the translation file the change batch drops.</summary>
    public const string NewTranslationFileName = "product_category_name_translation_2018-10.csv";

    private readonly DemoSourceSettings _settings;
    private OlistDataset? _dataset;
    private DemoPlan? _plan;

    /// <summary>Creates a seeder over <paramref name="settings"/>; <paramref name="dataset"/> is loaded from
    /// <see cref="DemoSourceSettings.DatasetDirectory"/> on first use when not given.</summary>
    /// <exception cref="ArgumentException">The source connection string or the drop directory is missing (the message
    /// names the setting).</exception>
    public DemoSeeder(DemoSourceSettings settings, OlistDataset? dataset = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.SourceConnectionString))
            throw new ArgumentException(
                $"{nameof(DemoSourceSettings)}.{nameof(DemoSourceSettings.SourceConnectionString)} is required.",
                nameof(settings));
        if (string.IsNullOrWhiteSpace(settings.DropDirectory))
            throw new ArgumentException($"{nameof(DemoSourceSettings)}.{nameof(DemoSourceSettings.DropDirectory)} is " +
                "required.", nameof(settings));
        _settings = settings;
        _dataset = dataset;
    }

    /// <summary>
    /// True when the source database already holds seeded data: <c>marketplace.orders</c> exists, or
    /// <c>reviews_api.order_reviews</c> has rows.
    /// </summary>
    public static async Task<bool> IsSeededAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return await IsSeededAsync(connection, cancellationToken);
    }

    /// <summary>
    /// Seeds the three sources with everything but the held-back part: creates the marketplace schema and COPYs its
    /// tables (one transaction), enables change tracking on them (when
    /// <see cref="DemoSourceSettings.EnableChangeTracking"/>), creates the reviews table and COPYs the reviews (one
    /// transaction), then writes the three CSV files.
    /// </summary>
    /// <exception cref="InvalidOperationException">The database is already seeded (see
    /// <see cref="IsSeededAsync(string, CancellationToken)"/>).</exception>
    /// <exception cref="NpgsqlException">The source database cannot be reached or refused a statement.</exception>
    public async Task<SeedSummary> SeedAsync(CancellationToken cancellationToken = default)
    {
        var (data, plan) = await PlanAsync(cancellationToken);
        var tables = new List<SeededTable>();

        await using (var connection = new NpgsqlConnection(_settings.SourceConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            if (await IsSeededAsync(connection, cancellationToken))
                throw new InvalidOperationException(
                    $"The source database '{connection.Database}' is already seeded (marketplace.orders exists " +
                    $"or {ReviewApiSchema.Table} has rows); seed a fresh database.");

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var ddl = new NpgsqlCommand(MarketplaceSchema.Ddl(), connection, transaction))
                await ddl.ExecuteNonQueryAsync(cancellationToken);
            foreach (var spec in MarketplaceSchema.Specs)
            {
                var table = data[spec.Origin];
                var rows = DemoPlan.Project(table, spec.Columns, plan.Seeded[table.Name]);
                var copied = await SourceCopy.CopyAsync(connection, MarketplaceSchema.Name, spec.Origin, spec.Columns,
                    rows, table.Path, cancellationToken);
                tables.Add(new SeededTable($"{MarketplaceSchema.Name}.{spec.Origin}", table.Name, copied,
                    plan.HeldBack[table.Name].Count));
            }
            await transaction.CommitAsync(cancellationToken);
        }

        if (_settings.EnableChangeTracking)
            await ChangeTrackingInstaller.EnableAsync(_settings.SourceConnectionString, MarketplaceSchema.Name,
                MarketplaceSchema.Tables, cancellationToken);

        await ReviewApiSchema.EnsureAsync(_settings.SourceConnectionString, cancellationToken);
        await using (var connection = new NpgsqlConnection(_settings.SourceConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var reviews = data[OlistDataset.OrderReviews];
            var copied = await SourceCopy.CopyAsync(connection, ReviewsSchema, ReviewsTable, ReviewColumns,
                DemoPlan.Project(reviews, ReviewColumns, plan.Seeded[reviews.Name]), reviews.Path, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            tables.Add(new SeededTable(ReviewApiSchema.Table, reviews.Name, copied, plan.HeldBack[reviews.Name].Count));
        }

        foreach (var name in new[] { OlistDataset.Sellers, OlistDataset.Products, OlistDataset.CategoryTranslation })
        {
            var fileName = data.CsvFileName(name);
            await using var content = data.OpenCsv(name);
            await DropFolder.WriteAsync(content, _settings.DropDirectory, fileName, cancellationToken);
            tables.Add(new SeededTable($"drop/{fileName}", name, data[name].Rows.Count, 0));
        }

        return new SeedSummary(_settings.HoldBackFrom, tables, _settings.EnableChangeTracking);
    }

    /// <summary>
    /// Applies the change batch, each part in its own transaction on the source: (1) the held-back orders with their
    /// customers, items and payments; (2) the held-back reviews; (3) status updates ('shipped' → 'delivered' with a
    /// delivery date, 'processing'/'approved' → 'canceled'); (4) order item deletions; then (5) drops
    /// <see cref="NewTranslationFileName"/> with English names for the untranslated categories. Inserts skip rows
    /// already present and updates only touch rows still in their old status, so a repeated call changes nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">The sources were not seeded.</exception>
    /// <exception cref="NpgsqlException">The source database cannot be reached or refused a statement.</exception>
    public async Task<ChangeBatchSummary> ApplyChangeBatchAsync(CancellationToken cancellationToken = default)
    {
        var (data, plan) = await PlanAsync(cancellationToken);
        await using var connection = new NpgsqlConnection(_settings.SourceConnectionString);
        await connection.OpenAsync(cancellationToken);
        if (!await TableExistsAsync(connection, $"{MarketplaceSchema.Name}.orders", cancellationToken)
            || !await TableExistsAsync(connection, ReviewApiSchema.Table, cancellationToken))
            throw new InvalidOperationException(
                $"The source database '{connection.Database}' is not seeded (marketplace.orders " +
                $"or {ReviewApiSchema.Table} is missing): run SeedAsync first.");

        var inserted = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            foreach (var table in new[] { OlistDataset.Customers, OlistDataset.Orders, OlistDataset.OrderItems,
                OlistDataset.OrderPayments })
            {
                var spec = MarketplaceSchema.SpecOf(table);
                inserted[table] = await SourceCopy.InsertMissingAsync(connection, transaction, MarketplaceSchema.Name,
                    spec.Origin, spec.Columns,
                    DemoPlan.Project(data[table], spec.Columns, plan.HeldBack[table]), data[table].Path,
                    cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }

        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            var reviews = data[OlistDataset.OrderReviews];
            inserted[reviews.Name] = await SourceCopy.InsertMissingAsync(connection, transaction, ReviewsSchema,
                ReviewsTable, ReviewColumns,
                DemoPlan.Project(reviews, ReviewColumns, plan.HeldBack[reviews.Name]), reviews.Path, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        long delivered, canceled;
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await using (var deliver = new NpgsqlCommand("""
                UPDATE marketplace.orders AS o
                SET order_status = 'delivered', order_delivered_customer_date = u.delivered_at
                FROM unnest(@ids, @dates) AS u(order_id, delivered_at)
                WHERE o.order_id = u.order_id AND o.order_status = 'shipped'
                """, connection, transaction))
            {
                deliver.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) {
                    Value = plan.Deliveries.Select(d => d.OrderId).ToArray() });
                deliver.Parameters.Add(new NpgsqlParameter("dates", NpgsqlDbType.Array | NpgsqlDbType.Timestamp) {
                    Value = plan.Deliveries.Select(d => d.DeliveredAt).ToArray() });
                delivered = await deliver.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var cancel = new NpgsqlCommand("""
                UPDATE marketplace.orders SET order_status = 'canceled'
                WHERE order_id = ANY(@ids) AND order_status IN ('processing', 'approved')
                """, connection, transaction))
            {
                cancel.Parameters.Add(new NpgsqlParameter("ids",
                    NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = plan.Cancellations.ToArray() });
                canceled = await cancel.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }

        long deleted;
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await using var delete = new NpgsqlCommand("""
                DELETE FROM marketplace.order_items AS i
                USING unnest(@orders, @items) AS d(order_id, order_item_id)
                WHERE i.order_id = d.order_id AND i.order_item_id = d.order_item_id
                """, connection, transaction);
            delete.Parameters.Add(new NpgsqlParameter("orders", NpgsqlDbType.Array | NpgsqlDbType.Text) {
                Value = plan.ItemDeletions.Select(d => d.OrderId).ToArray() });
            delete.Parameters.Add(new NpgsqlParameter("items", NpgsqlDbType.Array | NpgsqlDbType.Integer) {
                Value = plan.ItemDeletions.Select(d => d.OrderItemId).ToArray() });
            deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var written = await DropFolder.WriteNewAsync(TranslationFile(data, plan), _settings.DropDirectory,
            NewTranslationFileName,
            StreamCatalog.Default.Get("files", "category_translation").Origin, cancellationToken);

        return new ChangeBatchSummary(
            OrdersInserted: inserted[OlistDataset.Orders],
            CustomersInserted: inserted[OlistDataset.Customers],
            OrderItemsInserted: inserted[OlistDataset.OrderItems],
            OrderPaymentsInserted: inserted[OlistDataset.OrderPayments],
            ReviewsInserted: inserted[OlistDataset.OrderReviews],
            OrdersDelivered: delivered,
            OrdersCanceled: canceled,
            OrderItemsDeleted: deleted,
            NewFileName: NewTranslationFileName,
            NewFileWritten: written,
            TranslationsAdded: plan.NewTranslations.Count,
            DeliveredOrderIds: plan.Deliveries.Select(d => d.OrderId).ToList(),
            CanceledOrderIds: plan.Cancellations,
            DeletedOrderItems: plan.ItemDeletions.Select(d => $"{d.OrderId}|{d.OrderItemId}").ToList());
    }

    /// <summary>The reviews stream's columns the dataset has; the vendor derives the nested arrays itself
    /// (<see cref="ReviewNestedArrays"/>).</summary>
    private static IReadOnlyList<ColumnSpec> ReviewColumns =>
        StreamCatalog.Default.Get("reviews", "order_reviews")
            .Columns.Where(c => ReviewApiSchema.Columns.Contains(c.Name)).ToList();

    private static string ReviewsSchema => ReviewApiSchema.Table.Split('.')[0];

    private static string ReviewsTable => ReviewApiSchema.Table.Split('.')[1];

    private async Task<(OlistDataset Data, DemoPlan Plan)> PlanAsync(CancellationToken cancellationToken)
    {
        _dataset ??= await OlistDataset.LoadAsync(_settings.DatasetDirectory, cancellationToken);
        _plan ??= DemoPlan.Create(_dataset, _settings.HoldBackFrom);
        return (_dataset, _plan);
    }

    /// <summary>The new translation file: UTF-8 with BOM and the original header, LF line ends, like the published
    /// file.</summary>
    private static byte[] TranslationFile(OlistDataset data, DemoPlan plan)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', data[OlistDataset.CategoryTranslation].Header.Select(CsvField))).Append('\n');
        foreach (var (category, english) in plan.NewTranslations)
            text.Append(CsvField(category)).Append(',').Append(CsvField(english)).Append('\n');
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : value;

    private static async Task<bool> IsSeededAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (await TableExistsAsync(connection, $"{MarketplaceSchema.Name}.orders", cancellationToken)) return true;
        if (!await TableExistsAsync(connection, ReviewApiSchema.Table, cancellationToken)) return false;
        await using var command = new NpgsqlCommand(
            $"SELECT EXISTS (SELECT 1 FROM {PgNames.Qualified(ReviewsSchema, ReviewsTable)})", connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<bool> TableExistsAsync(NpgsqlConnection connection, string qualifiedName,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL", connection);
        command.Parameters.AddWithValue("name", qualifiedName);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
