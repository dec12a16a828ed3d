using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EcommerceLake.DemoSources.ReviewApi;

/// <summary>
/// A demo "vendor" review API over HTTP on 127.0.0.1, serving the rows of <see cref="ReviewApiSchema.Table"/>
/// behind OAuth 2.0 client credentials: <c>POST /oauth/token</c> and <c>GET /v1/reviews</c> (keyset pages in
/// (review_answer_timestamp, review_id, order_id) order with an opaque <c>next_cursor</c>). See
/// <see cref="ReviewApiEndpoints"/> for the contract. Dispose it to stop it.
/// </summary>
public sealed class ReviewApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ReviewApiTokens _tokens;

    private ReviewApiServer(WebApplication app, NpgsqlDataSource dataSource, ReviewApiTokens tokens, Uri baseAddress)
    {
        _app = app;
        _dataSource = dataSource;
        _tokens = tokens;
        BaseAddress = baseAddress;
    }

    /// <summary>The server's root, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Access tokens issued since the server started.</summary>
    public int TokensIssued => _tokens.Issued;

    /// <summary>Starts the API. The table does not need to exist yet; a page read fails with 500 until it
    /// does.</summary>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    public static async Task<ReviewApiServer> StartAsync(ReviewApiServerOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString)) throw new ArgumentException(
            "ConnectionString is required.", nameof(options));
        if (string.IsNullOrEmpty(options.ClientId) || string.IsNullOrEmpty(options.ClientSecret))
            throw new ArgumentException("ClientId and ClientSecret are required.", nameof(options));
        if (options.MaxPageSize < 1) throw new ArgumentException("MaxPageSize must be at least 1.", nameof(options));
        if (options.TokenLifetime < TimeSpan.FromSeconds(1)) throw new ArgumentException(
            "TokenLifetime must be at least 1 second.", nameof(options));
        if (options.Port is < 0 or > 65535) throw new ArgumentException("Port must be from 0 to 65535.",
            nameof(options));

        var builder = DemoWebHost.CreateBuilder(typeof(ReviewApiServer).Assembly.GetName().Name!, options.Port);

        var dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        var tokens = new ReviewApiTokens(options.Clock, options.TokenLifetime);
        var app = builder.Build();
        try
        {
            ReviewApiEndpoints.Map(app, options, tokens, new ReviewApiStore(dataSource),
                (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ReviewApiServer>());
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>()
                .Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new ReviewApiServer(app, dataSource, tokens, new Uri(address.TrimEnd('/') + "/"));
        }
        catch
        {
            await app.DisposeAsync();
            await dataSource.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
