using EcommerceLake.Testing.Fakes.PubSub;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.PubSub.Tests.Support;

/// <summary>A MassTransit bus on the Pub/Sub transport against a <see cref="FakePubSubServer"/>, in a host of its
/// own, with fast test settings (10 s ack deadline, no retry back-off, 10 ms HTTP retry delay).</summary>
internal sealed class PubSubBus : IAsyncDisposable
{
    public const string Project = "lake-test";
    private readonly IHost _host;

    private PubSubBus(IHost host, PubSubOptions options)
    {
        _host = host;
        Options = options;
    }

    public PubSubOptions Options { get; }

    public IServiceProvider Services => _host.Services;

    public IBus Bus => _host.Services.GetRequiredService<IBus>();

    /// <summary>Full subscription name of <paramref name="logical"/> under this bus's prefix.</summary>
    public string Subscription(string logical) =>
        $"projects/{Options.ProjectId}/subscriptions/{Options.Prefix}{logical}";

    public static async Task<PubSubBus> StartAsync(FakePubSubServer fake, string prefix,
        Action<IBusRegistrationConfigurator> register, Action<PubSubOptions>? tune = null,
        TimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        var options = new PubSubOptions
        {
            ProjectId = Project,
            EmulatorHost = fake.EmulatorHost,
            Prefix = prefix,
            AckDeadlineSeconds = 10,
            MinimumBackoffSeconds = 0,
            MaximumBackoffSeconds = 0,
            RetryDelayMilliseconds = 10,
            MaxRetryDelayMilliseconds = 50,
            ShutdownTimeoutSeconds = 5,
        };
        tune?.Invoke(options);
        return await StartAsync(options, register, time, services);
    }

    /// <summary>A bus with <paramref name="options"/> as they are: against the emulator or project they name.</summary>
    public static async Task<PubSubBus> StartAsync(PubSubOptions options, Action<IBusRegistrationConfigurator> register,
        TimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("LAKE_TEST_LOG") is { Length: > 0 })
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Debug)
                .AddFilter("System.Net.Http", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning);
        if (time is not null) builder.Services.AddSingleton(time);
        services?.Invoke(builder.Services);
        builder.Services.AddMassTransit(x =>
        {
            register(x);
            x.UsingPubSub(options, (context, cfg) => cfg.ConfigureEndpoints(context));
        });
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(o => o.WaitUntilStarted = true);
        var host = builder.Build();
        // MassTransit keeps its log context in an AsyncLocal: a bus stopped earlier in this flow must not lend its
        // disposed logger factory to this one.
        LogContext.Current = null;
        await host.StartAsync();
        await host.Services.GetRequiredService<IBusControl>()
            .WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        return new PubSubBus(host, options);
    }

    public async Task StopAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
