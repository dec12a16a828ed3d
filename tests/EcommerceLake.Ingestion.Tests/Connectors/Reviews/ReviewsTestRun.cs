using System.Globalization;
using EcommerceLake.DemoSources.ReviewApi;
using EcommerceLake.Ingestion.Connectors.Reviews;
using EcommerceLake.Ingestion.Tests.Connectors.Files;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using Npgsql;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

/// <summary>Runs the reviews connector of a host into land batches on a temporary lake.</summary>
public sealed class ReviewsTestRun(ConnectorHost host) : IAsyncDisposable
{
    private readonly TempDirectory _lake = new("lake-root");

    public static StreamSpec Spec => StreamCatalog.Default.Get("reviews", "order_reviews");

    public Task<LandedBatch> ExtractAsync(string? offset = null, bool forceFull = false) =>
        LandBatchHarness.ExtractAsync(host.Connector(ReviewsConnector.SourceName), Spec, offset, _lake.Path, forceFull);

    /// <summary>
    /// The change version the connector gives a review answered at <paramref name="answeredAt"/>: Unix microseconds.
    /// </summary>
    public static string Version(DateTime answeredAt) =>
        ((answeredAt - DateTime.UnixEpoch).Ticks / 10).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Inserts a review into the API's table (nested arrays as given, or derived by the table's trigger when null).
    /// </summary>
    public static async Task InsertAsync(
        string connectionString, string reviewId, string orderId, DateTime answeredAt, string? message = null,
        string? products = null, string? users = null, string? sentiments = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {ReviewApiSchema.Table} (review_id, order_id, review_score, review_comment_message, "
            + "review_creation_date, review_answer_timestamp, products, users, sentiments) "
            + "VALUES (@r, @o, 5, @m, @c, @a, @p::json, @u::json, @s::json)", connection);
        command.Parameters.AddWithValue("r", reviewId);
        command.Parameters.AddWithValue("o", orderId);
        command.Parameters.AddWithValue("m", (object?)message ?? DBNull.Value);
        command.Parameters.AddWithValue("c", NpgsqlTypes.NpgsqlDbType.Timestamp, answeredAt.Date);
        command.Parameters.AddWithValue("a", NpgsqlTypes.NpgsqlDbType.Timestamp, answeredAt);
        command.Parameters.AddWithValue("p", NpgsqlTypes.NpgsqlDbType.Text, (object?)products ?? DBNull.Value);
        command.Parameters.AddWithValue("u", NpgsqlTypes.NpgsqlDbType.Text, (object?)users ?? DBNull.Value);
        command.Parameters.AddWithValue("s", NpgsqlTypes.NpgsqlDbType.Text, (object?)sentiments ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        _lake.Dispose();
    }
}
