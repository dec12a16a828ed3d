using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace EcommerceLake.DemoSources.ReviewApi;

/// <summary>
/// Reads pages of <see cref="ReviewApiSchema.Table"/> by keyset pagination: rows strictly after a key in
/// (review_answer_timestamp, review_id, order_id) order, using a row-value comparison that the
/// <c>order_reviews_cursor</c> index serves; no OFFSET, so a page costs the same wherever it starts.
/// </summary>
internal sealed class ReviewApiStore(NpgsqlDataSource dataSource)
{
    private const string Select = """
        SELECT review_id, order_id, review_score, review_comment_title, review_comment_message,
               review_creation_date, review_answer_timestamp, products::text, users::text, sentiments::text
        FROM reviews_api.order_reviews
        """;

    private const string OrderAndLimit = """

        ORDER BY review_answer_timestamp, review_id, order_id
        LIMIT @limit
        """;

    /// <summary>ISO 8601 form of a timestamp in the API (UTC, 'Z', fraction only when there is one).</summary>
    public static string FormatTimestamp(DateTime value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Up to <paramref name="limit"/> rows after the watermark: nothing (from the start), a timestamp alone
    /// (rows answered after it), or a full key (rows after that key).
    /// </summary>
    public async Task<List<(ReviewApiItem Item, ReviewApiCursor Key)>> ReadAsync(
        DateTime? answeredAfter, string? reviewId, string? orderId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var where = "";
        if (answeredAfter is { } at)
        {
            command.Parameters.Add(new NpgsqlParameter("t",
                NpgsqlDbType.Timestamp) { Value = DateTime.SpecifyKind(at, DateTimeKind.Unspecified) });
            if (reviewId is not null && orderId is not null)
            {
                where = "\nWHERE (review_answer_timestamp, review_id, order_id) > (@t, @r, @o)";
                command.Parameters.Add(new NpgsqlParameter("r", NpgsqlDbType.Text) { Value = reviewId });
                command.Parameters.Add(new NpgsqlParameter("o", NpgsqlDbType.Text) { Value = orderId });
            }
            else
            {
                where = "\nWHERE review_answer_timestamp > @t";
            }
        }
        command.CommandText = Select + where + OrderAndLimit;
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = limit });

        var rows = new List<(ReviewApiItem, ReviewApiCursor)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var answeredAt = reader.GetDateTime(6);
            var item = new ReviewApiItem(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : FormatTimestamp(reader.GetDateTime(5)),
                FormatTimestamp(answeredAt),
                Json(reader, 7),
                Json(reader, 8),
                Json(reader, 9));
            rows.Add((item, new ReviewApiCursor(answeredAt, item.ReviewId, item.OrderId)));
        }
        return rows;
    }

    private static RawJson? Json(NpgsqlDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : new RawJson(reader.GetString(ordinal));
}
