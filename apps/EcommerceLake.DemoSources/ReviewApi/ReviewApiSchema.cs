using Npgsql;

namespace EcommerceLake.DemoSources.ReviewApi;

/// <summary>
/// The table behind the demo review API (the "vendor's" data), in the source database:
/// <c>reviews_api.order_reviews</c>, one row per (review_id, order_id), columns as the Olist reviews CSV plus the
/// nested arrays <see cref="ReviewNestedArrays"/> derives when a review is written.
/// </summary>
public static class ReviewApiSchema
{
    /// <summary>Qualified table name.</summary>
    public const string Table = "reviews_api.order_reviews";

    /// <summary>The columns a writer gives, in order (those of the Olist reviews CSV; the reviews stream spec has them
    /// first, followed by <see cref="ReviewNestedArrays.Columns"/>).</summary>
    public static readonly string[] Columns =
    [
        "review_id", "order_id", "review_score", "review_comment_title", "review_comment_message",
        "review_creation_date", "review_answer_timestamp",
    ];

    /// <summary>DDL of the schema, the table and its nested-array trigger (idempotent).</summary>
    public const string Ddl = """
        CREATE SCHEMA IF NOT EXISTS reviews_api;
        CREATE TABLE IF NOT EXISTS reviews_api.order_reviews (
            review_id text NOT NULL,
            order_id text NOT NULL,
            review_score integer,
            review_comment_title text,
            review_comment_message text,
            review_creation_date timestamp,
            review_answer_timestamp timestamp NOT NULL,
            PRIMARY KEY (review_id, order_id));
        ALTER TABLE reviews_api.order_reviews ADD COLUMN IF NOT EXISTS products json;
        ALTER TABLE reviews_api.order_reviews ADD COLUMN IF NOT EXISTS users json;
        ALTER TABLE reviews_api.order_reviews ADD COLUMN IF NOT EXISTS sentiments json;
        CREATE INDEX IF NOT EXISTS order_reviews_cursor ON reviews_api.order_reviews (review_answer_timestamp,
            review_id, order_id);
        """ + ReviewNestedArrays.Ddl;

    /// <summary>Creates the schema, the table and its trigger when missing.</summary>
    public static async Task EnsureAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Ddl, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
