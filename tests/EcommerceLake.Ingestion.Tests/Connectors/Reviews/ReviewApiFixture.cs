using EcommerceLake.DemoSources.ReviewApi;
using EcommerceLake.Ingestion.Connectors.Reviews;
using EcommerceLake.Ingestion.Tests.Connectors.Files;
using EcommerceLake.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

/// <summary>
/// A real PostgreSQL database seeded with <see cref="OlistReviews.Sample"/> (class fixture), more such databases on
/// demand for tests that change the data, and helpers to start the demo review API and the connector against it.
/// </summary>
public sealed class ReviewApiFixture : IAsyncLifetime
{
    public const string ClientId = "lake-ingestion";
    public const string ClientSecret = "demo-secret-5f0c2a9e";

    private readonly PostgresDatabase _database = new();

    /// <summary>Connection string of the shared seeded database (do not change its data).</summary>
    public string ConnectionString => _database.ConnectionString;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await OlistReviews.SeedAsync(ConnectionString, OlistReviews.Sample);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    /// <summary>A new database of this fixture seeded with the sample, for a test that changes the data.</summary>
    public async Task<string> CreateSeededDatabaseAsync()
    {
        var connectionString = await _database.CreateDatabaseAsync("reviews");
        await OlistReviews.SeedAsync(connectionString, OlistReviews.Sample);
        return connectionString;
    }

    /// <summary>Starts the demo review API over <paramref name="connectionString"/>.</summary>
    public static Task<ReviewApiServer> StartServerAsync(
        string connectionString, Action<ReviewApiServerOptions>? configure = null)
    {
        var options = new ReviewApiServerOptions
        {
            ConnectionString = connectionString, ClientId = ClientId, ClientSecret = ClientSecret,
        };
        configure?.Invoke(options);
        return ReviewApiServer.StartAsync(options, CancellationToken.None);
    }

    /// <summary>Starts a host with the reviews connector registered against <paramref name="server"/>.</summary>
    public static Task<ConnectorHost> StartConnectorAsync(
        ReviewApiServer server, int pageSize = 50, TimeProvider? clock = null,
        IReadOnlyDictionary<string, string?>? overrides = null) =>
        StartConnectorAsync(server.BaseAddress, pageSize, clock, overrides);

    /// <summary>
    /// Starts a host with the reviews connector registered against the API at <paramref name="baseAddress"/> (no
    /// retries unless overridden).
    /// </summary>
    public static Task<ConnectorHost> StartConnectorAsync(
        Uri baseAddress, int pageSize = 50, TimeProvider? clock = null,
        IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sources:Reviews:BaseUrl"] = baseAddress.ToString(),
            ["Sources:Reviews:ClientId"] = ClientId,
            ["Sources:Reviews:ClientSecret"] = ClientSecret,
            ["Sources:Reviews:PageSize"] = pageSize.ToString(),
            ["Sources:Reviews:MaxRetries"] = "0",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        return ConnectorHost.StartAsync(settings, b => b.AddReviewsConnector(), services =>
        {
            if (clock is not null) services.AddSingleton(clock);
        });
    }
}
