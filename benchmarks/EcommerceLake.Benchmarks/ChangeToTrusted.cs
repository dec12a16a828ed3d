using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using EcommerceLake.Cli.Serve;
using EcommerceLake.Orchestrator.Triggers;
using Npgsql;

namespace EcommerceLake.Benchmarks;

/// <summary>The source changes <see cref="ChangeToTrusted"/> times.</summary>
public enum SourceChange
{
    /// <summary>A new translation CSV file written into the SFTP drop (found by the file-arrival detector).</summary>
    FileDropped,

    /// <summary>An order's estimated delivery date updated in the change-tracked marketplace database (found by the
    /// change-version detector).</summary>
    OrderUpdated,

    /// <summary>A review added at the vendor, then the vendor's signed <c>POST /webhooks/reviews</c>.</summary>
    ReviewWebhook,
}

/// <summary>One timed change: from the change made at the source to its row readable in trusted, seconds; null when
/// it did not arrive within the deadline.</summary>
public sealed record ChangeLatency(SourceChange Change, double? Seconds);

/// <summary>
/// Source change → trusted latency on a served lake (<see cref="LakeServer"/>: the embedded services plus the
/// operations API, so the reviews webhook is real HTTP) with the event detectors on a short poll interval. Each trial
/// changes one source and polls the trusted table every 50 ms until the changed row is there with its new value; the
/// trials of each kind run one after another, kinds interleaved, so a change never waits behind a run of its own
/// source started by the previous trial of that kind.
/// </summary>
public sealed class ChangeToTrusted(string warehouse, string source, string dropDirectory)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    /// <summary>Settings that turn the detectors on at <paramref name="pollInterval"/> and the reviews webhook on
    /// with <paramref name="webhookSecret"/>, laid over the demo lake's.</summary>
    public static Dictionary<string, string?> Settings(IReadOnlyDictionary<string, string?> lake, TimeSpan pollInterval,
        string webhookSecret)
    {
        var settings = new Dictionary<string, string?>(lake)
        {
            ["Detectors:Files:Enabled"] = "true",
            ["Detectors:Files:PollInterval"] = pollInterval.ToString("c"),
            ["Detectors:Marketplace:Enabled"] = "true",
            ["Detectors:Marketplace:PollInterval"] = pollInterval.ToString("c"),
            [$"{ReviewsWebhookOptions.Section}:Secret"] = webhookSecret,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:MassTransit"] = "Error",
        };
        // The file-arrival detector watches a local directory only (Sources:Files:DropDirectory); the drop the demo
        // serves over SFTP is one on this machine, so the detector watches it there while the connector reads SFTP.
        if (lake.TryGetValue("Sources:Files:Sftp:RemoteDirectory", out var drop) && drop is not null)
            settings["Sources:Files:DropDirectory"] = drop;
        return settings;
    }

    /// <summary>Runs <paramref name="trials"/> trials of every kind of change against a served lake started here
    /// with <paramref name="lakeSettings"/> and stopped at the end.</summary>
    /// <param name="lakeSettings">The demo lake's settings (the sources' data must be in trusted already).</param>
    /// <param name="pollInterval">The detectors' poll interval (the target is measured at 1 s).</param>
    /// <param name="trials">Trials per kind.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public async Task<IReadOnlyList<ChangeLatency>> MeasureAsync(IReadOnlyDictionary<string, string?> lakeSettings,
        TimeSpan pollInterval, int trials, CancellationToken cancellationToken = default)
    {
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var port = FreePort();
        await using var app = LakeServer.Build(
            new ServeOptions($"http://127.0.0.1:{port}", LocalOnly: true, OrchestratorOnly: false, ConfigFile: null,
                Demo: null),
            Settings(lakeSettings, pollInterval, secret));
        await app.StartAsync(cancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var orders = await OrderIdsAsync(trials, cancellationToken);
        var results = new List<ChangeLatency>();
        var tag = DateTime.UtcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < trials; i++)
        {
            foreach (var change in Enum.GetValues<SourceChange>())
            {
                var key = $"bench_{tag}_{i}";
                var watch = Stopwatch.StartNew();
                string probe;
                object[] parameters;
                switch (change)
                {
                    case SourceChange.FileDropped:
                        await DropFileAsync(key, cancellationToken);
                        (probe, parameters) = ("SELECT 1 FROM trusted.files_category_translation " +
                            "WHERE product_category_name = $1", [key]);
                        break;
                    case SourceChange.OrderUpdated:
                        // An estimated delivery date no Olist order has (the databases are fresh for every harness
                        // run): the order stays valid, where a made-up status would fail the stream's known_status
                        // check and raise an alert at every trial.
                        var estimate = new DateTime(2000, 1, 1).AddMinutes(i);
                        await ExecuteAsync(source,
                            "UPDATE marketplace.orders SET order_estimated_delivery_date = $1 WHERE order_id = $2",
                            [estimate, orders[i]], cancellationToken);
                        (probe, parameters) = ("SELECT 1 FROM trusted.marketplace_orders " +
                            "WHERE order_id = $1 AND order_estimated_delivery_date = $2", [orders[i], estimate]);
                        break;
                    default:
                        var reviewId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
                        await ExecuteAsync(source, "INSERT INTO reviews_api.order_reviews (review_id, order_id, " +
                            "review_score, review_comment_title, review_creation_date, review_answer_timestamp) " +
                            "VALUES ($1, $2, 5, $3, localtimestamp, localtimestamp)", [reviewId, orders[i], key],
                            cancellationToken);
                        await PostWebhookAsync(http, secret, key, cancellationToken);
                        (probe, parameters) = ("SELECT 1 FROM trusted.reviews_order_reviews WHERE review_id = $1",
                            [reviewId]);
                        break;
                }
                var arrived = await WaitForRowAsync(probe, parameters, cancellationToken);
                results.Add(new ChangeLatency(change, arrived ? watch.Elapsed.TotalSeconds : null));
            }
        }
        await app.StopAsync(CancellationToken.None);
        return results;
    }

    private async Task DropFileAsync(string category, CancellationToken cancellationToken)
    {
        // Written under a name outside the stream's glob, then renamed: the file appears whole, as an upload would.
        var name = $"product_category_name_translation_{category}.csv";
        var temporary = Path.Combine(dropDirectory, $".{name}.partial");
        await File.WriteAllTextAsync(temporary,
            $"product_category_name,product_category_name_english\n{category},{category} english\n",
            new UTF8Encoding(false), cancellationToken);
        File.Move(temporary, Path.Combine(dropDirectory, name));
    }

    private static async Task PostWebhookAsync(HttpClient http, string secret, string note,
        CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"event":"reviews.created","note":"{{note}}"}""");
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/reviews") { Content = content };
        request.Headers.Add(ReviewsWebhook.SignatureHeader, ReviewsWebhook.Sign(secret, body));
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"The reviews webhook answered {(int)response.StatusCode}: " +
                await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private async Task<bool> WaitForRowAsync(string sql, object[] parameters, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(warehouse);
        await connection.OpenAsync(cancellationToken);
        while (deadline.Elapsed < Deadline)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
            try
            {
                if (await command.ExecuteScalarAsync(cancellationToken) is not null) return true;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // not created yet
            }
            await Task.Delay(50, cancellationToken);
        }
        return false;
    }

    private async Task<List<string>> OrderIdsAsync(int count, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(source);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT order_id FROM marketplace.orders ORDER BY order_id LIMIT $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = count });
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
        return ids;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, object[] parameters,
        CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
