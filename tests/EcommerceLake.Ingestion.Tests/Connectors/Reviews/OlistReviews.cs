using System.Globalization;
using CsvHelper;
using EcommerceLake.DemoSources.ReviewApi;
using EcommerceLake.Ingestion.Tests.Connectors.Files;
using Npgsql;
using NpgsqlTypes;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

/// <summary>
/// The real reviews of <c>data/olist/olist_order_reviews_dataset.csv.gz</c>, and seeding of the review API's table.
/// </summary>
public static class OlistReviews
{
    private static readonly Lazy<IReadOnlyList<OlistReview>> AllRows = new(Read);
    private static readonly Lazy<IReadOnlyList<OlistReview>> SampleRows = new(PickSample);

    /// <summary>Every review of the file, in file order.</summary>
    public static IReadOnlyList<OlistReview> All => AllRows.Value;

    /// <summary>
    /// A few hundred real reviews: the first 250 of the file and every review whose review_answer_timestamp another
    /// review shares (among them reviews of one review_id over two orders), so pages break inside timestamp ties.
    /// </summary>
    public static IReadOnlyList<OlistReview> Sample => SampleRows.Value;

    /// <summary>
    /// Creates the API's table in <paramref name="connectionString"/> and copies <paramref name="reviews"/> into it.
    /// </summary>
    public static async Task SeedAsync(string connectionString, IEnumerable<OlistReview> reviews)
    {
        await ReviewApiSchema.EnsureAsync(connectionString, CancellationToken.None);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY {ReviewApiSchema.Table} ({string.Join(", ", ReviewApiSchema.Columns)}) FROM STDIN (FORMAT BINARY)");
        foreach (var r in reviews)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(r.ReviewId, NpgsqlDbType.Text);
            await copy.WriteAsync(r.OrderId, NpgsqlDbType.Text);
            await WriteNullableAsync(copy, r.Score, NpgsqlDbType.Integer);
            await WriteNullableAsync(copy, r.Title, NpgsqlDbType.Text);
            await WriteNullableAsync(copy, r.Message, NpgsqlDbType.Text);
            await WriteNullableAsync(copy, r.CreatedAt, NpgsqlDbType.Timestamp);
            await copy.WriteAsync(r.AnsweredAt, NpgsqlDbType.Timestamp);
        }
        await copy.CompleteAsync();
    }

    /// <summary>The keys of the table in the API's order (review_answer_timestamp, review_id, order_id).</summary>
    public static async Task<List<(DateTime AnsweredAt, string ReviewId, string OrderId)>> KeysInApiOrderAsync(
        string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT review_answer_timestamp, review_id, order_id FROM {ReviewApiSchema.Table} ORDER BY 1, 2, 3",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<(DateTime, string, string)>();
        while (await reader.ReadAsync()) keys.Add((reader.GetDateTime(0), reader.GetString(1), reader.GetString(2)));
        return keys;
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
    {
        if (value is null) await copy.WriteNullAsync();
        else await copy.WriteAsync(value, type);
    }

    private static IReadOnlyList<OlistReview> Read()
    {
        var options = new CsvReaderOptions { Separator = ',', HasHeader = true, AllowLineBreaksInQuotes = true };
        using var reader = CsvReader.Create(
            OlistData.Open("olist_order_reviews_dataset.csv.gz"), options, leaveOpen: false);
        var rows = new List<OlistReview>();
        while (reader.Read())
        {
            rows.Add(new OlistReview(
                reader.GetString("review_id"),
                reader.GetString("order_id"),
                Empty(reader.GetString("review_score")) is { } score
                    ? int.Parse(score, CultureInfo.InvariantCulture)
                    : null,
                Empty(reader.GetString("review_comment_title")),
                Empty(reader.GetString("review_comment_message")),
                Empty(reader.GetString("review_creation_date")) is { } created ? Timestamp(created) : null,
                Timestamp(reader.GetString("review_answer_timestamp"))));
        }
        return rows;
    }

    private static IReadOnlyList<OlistReview> PickSample()
    {
        var tied = All.GroupBy(r => r.AnsweredAt).Where(g => g.Count() > 1).SelectMany(g => g);
        return All.Take(250).Concat(tied).DistinctBy(r => (r.ReviewId, r.OrderId)).ToList();
    }

    private static string? Empty(string value) => value.Length == 0 ? null : value;

    private static DateTime Timestamp(string value) =>
        DateTime.ParseExact(value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
