using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EcommerceLake.Orchestrator.Dashboard;

/// <summary>
/// The marts at a glance, read from the PostgreSQL warehouse named by <c>ConnectionStrings:Warehouse</c>: revenue and
/// orders per purchase day (<c>marts.daily_sales_by_state_category</c> summed over states and categories) and the most
/// used review words (<c>marts.review_word_counts</c>). Empty when no PostgreSQL warehouse is configured (the
/// orchestrator alone, or BigQuery) or the marts have not been built yet.
/// </summary>
internal sealed class MartsGlance(IConfiguration configuration, ILogger<MartsGlance> logger)
{
    /// <summary>One day of sales: revenue in BRL.</summary>
    public sealed record DailySales(DateOnly Day, long Orders, decimal Revenue);

    /// <summary>One word and how many reviews use it.</summary>
    public sealed record Word(string Text, long Reviews);

    /// <summary>What the overview shows; <see cref="Available"/> false when the warehouse cannot be read.</summary>
    public sealed record Snapshot(bool Available, IReadOnlyList<DailySales> Sales, IReadOnlyList<Word> Words,
        string? Note);

    /// <summary>Reads the marts; never throws for an unreachable or unbuilt warehouse (the note says why).</summary>
    public async Task<Snapshot> ReadAsync(int words, CancellationToken cancellationToken)
    {
        var connectionString = configuration.GetConnectionString("Warehouse");
        var engine = configuration["Warehouse:Engine"];
        if (string.IsNullOrWhiteSpace(connectionString)
            || (engine is { Length: > 0 } && !engine.Equals("Postgres", StringComparison.OrdinalIgnoreCase)))
            return new Snapshot(false, [], [],
                "No PostgreSQL warehouse is configured here (ConnectionStrings:Warehouse).");
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            var sales = new List<DailySales>();
            await using (var command = new NpgsqlCommand("""
                SELECT sales_date, sum(orders)::bigint, sum(revenue)
                FROM marts.daily_sales_by_state_category
                GROUP BY sales_date ORDER BY sales_date
                """, connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                    sales.Add(new DailySales(DateOnly.FromDateTime(reader.GetDateTime(0)), reader.GetInt64(1),
                        reader.GetDecimal(2)));
            }
            var cloud = new List<Word>();
            await using (var command = new NpgsqlCommand(
                "SELECT word, reviews FROM marts.review_word_counts ORDER BY reviews DESC, word LIMIT $1", connection))
            {
                command.Parameters.AddWithValue(words);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    cloud.Add(new Word(reader.GetString(0), reader.GetInt64(1)));
            }
            return new Snapshot(true, sales, cloud,
                sales.Count == 0 ? "The marts have not been built yet: run every source once." : null);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            logger.LogWarning(ex, "The dashboard could not read the marts");
            return new Snapshot(false, [], [], $"The marts could not be read: {ex.Message}");
        }
    }
}
