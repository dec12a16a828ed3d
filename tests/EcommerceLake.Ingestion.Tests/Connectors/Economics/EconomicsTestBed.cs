using EcommerceLake.DemoSources.Economics;
using EcommerceLake.Ingestion.Connectors.Economics;
using EcommerceLake.Ingestion.Tests.Connectors.Files;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceLake.Ingestion.Tests.Connectors.Economics;

/// <summary>
/// The demo SGS API over the real data/bcb values and an economics connector pointed at it, with a fixed "today".
/// </summary>
public sealed class EconomicsTestBed : IAsyncDisposable
{
    public static readonly DateTimeOffset Today = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _lake = new("economics");
    private ServiceProvider? _services;

    private EconomicsTestBed(SgsApiServer server, EconomicsOptions options)
    {
        Server = server;
        Options = options;
    }

    public SgsApiServer Server { get; }

    public EconomicsOptions Options { get; }

    public WaitSkippingTimeProvider Clock { get; } = new(Today);

    public static StreamSpec UsdBrl => StreamCatalog.Default.Get("economics", "usd_brl");

    public static async Task<EconomicsTestBed> StartAsync(int maxRetries = 3)
    {
        var server = await SgsApiServer.StartAsync(new SgsApiServerOptions { Clock = new FakeTimeProvider(Today) });
        return new EconomicsTestBed(server, new EconomicsOptions
        {
            BaseUrl = server.BaseAddress.ToString(),
            MaxRetries = maxRetries,
            RetryDelay = TimeSpan.Zero,
        });
    }

    public EconomicsConnector Connector()
    {
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        _services ??= new ServiceCollection().AddLogging().AddSingleton(options).AddSingleton<TimeProvider>(Clock)
            .AddSgsApiClient().BuildServiceProvider();
        return new EconomicsConnector(_services.GetRequiredService<SgsApiClient>(), options, Clock,
            NullLogger<EconomicsConnector>.Instance);
    }

    public Task<LandedBatch> ExtractAsync(StreamSpec spec, string? offset = null, bool forceFull = false) =>
        LandBatchHarness.ExtractAsync(Connector(), spec, offset, _lake.Path, forceFull);

    public async ValueTask DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        await Server.DisposeAsync();
        _lake.Dispose();
    }
}
