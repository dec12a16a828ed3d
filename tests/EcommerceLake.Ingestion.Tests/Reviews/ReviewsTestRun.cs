using System.Globalization;
using EcommerceLake.DemoSources.ReviewApi;
using EcommerceLake.Ingestion.Connectors.Reviews;
using EcommerceLake.Ingestion.Tests.Files;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using Npgsql;

namespace EcommerceLake.Ingestion.Tests.Reviews;

/// <summary>Runs the reviews connector of a host into land batches on a temporary lake.</summary>
public sealed class ReviewsTestRun(ConnectorHost host) : IAsyncDisposable
{
    private readonly TempDirectory _lake = new("lake-root");

    public static StreamSpec Spec => StreamCatalog.Default.Get("reviews", "order_reviews");

    public Task<LandedBatch> ExtractAsync(string? offset = null, bool forceFull = false) =>
        LandBatchHarness.ExtractAsync(host.Connector(ReviewsConnector.SourceName), Spec, offset, _lake.Path, forceFull);

    /// <summary>The change version the connector gives a review answered at <paramref name="answeredAt"/>: Unix microseconds.</summary>
    public static string Version(DateTime answeredAt) =>
        ((answeredAt - DateTime.UnixEpoch).Ticks / 10).ToString(CultureInfo.InvariantCulture);

    /// <summary>Inserts a review into the API's table.</summary>
    public static async Task InsertAsync(string connectionString, string reviewId, string orderId, DateTime answeredAt, string? message = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {ReviewApiSchema.Table} (review_id, order_id, review_score, review_comment_message, review_creation_date, review_answer_timestamp) "
            + "VALUES (@r, @o, 5, @m, @c, @a)", connection);
        command.Parameters.AddWithValue("r", reviewId);
        command.Parameters.AddWithValue("o", orderId);
        command.Parameters.AddWithValue("m", (object?)message ?? DBNull.Value);
        command.Parameters.AddWithValue("c", NpgsqlTypes.NpgsqlDbType.Timestamp, answeredAt.Date);
        command.Parameters.AddWithValue("a", NpgsqlTypes.NpgsqlDbType.Timestamp, answeredAt);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        _lake.Dispose();
    }
}
