using EcommerceLake.Contracts;
using EcommerceLake.Hosting;
using EcommerceLake.Orchestrator.Api;
using EcommerceLake.Orchestrator.Dashboard;
using EcommerceLake.Orchestrator.Runs;
using EcommerceLake.Orchestrator.Security;
using EcommerceLake.Testing;
using EcommerceLake.Testing.Bus;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests.Support;

/// <summary>
/// The orchestrator as the Host wires it (AddOrchestrator + AddLakeBus on the in-memory transport + the HTTP API on
/// 127.0.0.1:0) over a real PostgreSQL database, with fake ingestion, processing and warehouse consumers. The API
/// trusts <see cref="TestTokens"/> unless other <c>Orchestrator:Auth</c> settings are given; <see cref="Http"/>
/// calls it as the admin <c>alice</c>.
/// </summary>
public sealed class OrchestratorTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OrchestratorTestHost(WebApplication app, string connectionString)
    {
        _app = app;
        ConnectionString = connectionString;
        Scenario = app.Services.GetRequiredService<FakeScenario>();
        Log = app.Services.GetRequiredService<MessageLog>();
        Bus = app.Services.GetRequiredService<IBus>();
        Queries = app.Services.GetRequiredService<RunQueries>();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        BaseAddress = new Uri(address);
        Http = HttpAs("alice", "admin");
    }

    public string ConnectionString { get; }

    public FakeScenario Scenario { get; }

    public MessageLog Log { get; }

    public IBus Bus { get; }

    public RunQueries Queries { get; }

    /// <summary>The API as the admin <c>alice</c>.</summary>
    public HttpClient Http { get; }

    /// <summary>Where the API listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client of the API with a bearer token for <paramref name="user"/> holding
    /// <paramref name="roles"/>.</summary>
    public HttpClient HttpAs(string user, params string[] roles) =>
        TestTokens.Client(BaseAddress, TestTokens.For(user, roles));

    /// <summary>A client of the API without credentials.</summary>
    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    public IServiceProvider Services => _app.Services;

    public static async Task<OrchestratorTestHost> StartAsync(string connectionString, ITestOutputHelper? output = null,
        Action<FakeScenario>? scenario = null, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null, IDictionary<string, string?>? auth = null,
        string urls = "http://127.0.0.1:0")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls(urls);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Orchestrator"] = connectionString,
            ["Bus:Transport"] = "InMemory",
            ["Bus:PrefetchCount"] = "16",
        });
        builder.Configuration.AddInMemoryCollection(auth ?? TestTokens.Settings());
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        if (output is not null) builder.Logging.AddProvider(new XunitLoggerProvider(output));

        var fakes = new FakeScenario();
        scenario?.Invoke(fakes);
        var log = new MessageLog();
        builder.Services.AddSingleton(fakes);
        builder.Services.AddSingleton(log);
        builder.Services.AddConsumeObserver(_ => new SagaConsumeObserver(log));
        builder.Services.AddConsumeObserver(_ => new EndpointConsumeObserver(log));
        services?.Invoke(builder.Services);

        builder.AddOrchestrator();
        builder.AddOperationsApi();
        builder.AddDashboard();
        builder.AddLakeBus(bus =>
        {
            bus.AddOrchestratorConsumers();
            bus.AddConsumer<FakeIngestion>();
            bus.AddConsumer<FakeProcessing>();
            bus.AddConsumer<FakeClusters>();
            bus.AddConsumer<FakeWarehouse>();
            bus.AddConsumer<RunOutcomeRecorder>();
            bus.AddConsumer<OperationsRecorder>();
        });

        var app = builder.Build();
        app.UseOperationsAuth();
        app.MapOrchestratorApi();
        app.MapDashboard();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return new OrchestratorTestHost(app, connectionString);
    }

    /// <summary>Publishes RequestRun for <paramref name="sources"/> and returns the new run id.</summary>
    public async Task<Guid> RequestRunAsync(params string[] sources)
    {
        var runId = NewId.NextGuid();
        await Bus.Publish(
            new RequestRun { RunId = runId, Sources = sources, Trigger = RunTrigger.Api, RequestedBy = "tests" });
        return runId;
    }

    public Task<RunAccepted> AcceptedAsync(Guid runId) => Log.WaitForOneAsync<RunAccepted>(m => m.RunId == runId);

    public Task<RunRefused> RefusedAsync(Guid runId) => Log.WaitForOneAsync<RunRefused>(m => m.RunId == runId);

    public Task<RunCompleted> CompletedAsync(Guid runId) => Log.WaitForOneAsync<RunCompleted>(m => m.RunId == runId);

    public Task<RunFailed> FailedAsync(Guid runId) => Log.WaitForOneAsync<RunFailed>(m => m.RunId == runId);

    /// <summary>Publishes <paramref name="message"/> with a known message id and waits until the saga endpoint has
    /// consumed it.</summary>
    public async Task PublishToSagaAndWaitAsync<T>(T message)
        where T : class
    {
        var messageId = NewId.NextGuid();
        await Bus.Publish(message, context => context.MessageId = messageId);
        var consumed = await Log.WaitForOneAsync<SagaConsumed>(c => c.MessageId == messageId && !c.LostRace);
        if (consumed.Faulted) throw new InvalidOperationException($"The saga faulted on {typeof(T).Name}.");
    }

    /// <summary>Completes once the saga has consumed <paramref name="count"/> messages of type <typeparamref name="T"/>
    /// matching <paramref name="predicate"/> without a fault (an attempt that lost a concurrency race, rolled back and
    /// retried, does not count), with the records of those consumptions.</summary>
    /// <exception cref="TimeoutException">Fewer were consumed within the log's 60 s.</exception>
    public Task<IReadOnlyList<SagaConsumed>> SagaConsumedAsync<T>(Func<T, bool> predicate, int count = 1) =>
        Log.WaitForAsync<SagaConsumed>(c => !c.Faulted && c.Message is T m && predicate(m), count);

    /// <summary>Completes once <paramref name="endpoint"/> has consumed <paramref name="count"/> messages of type
    /// <typeparamref name="T"/> matching <paramref name="predicate"/> without a fault, with the records of those
    /// consumptions: what the consumer wrote is committed by then, whereas an event it published may be seen before
    /// (<c>AlertRaiser</c> publishes before it commits).</summary>
    /// <exception cref="TimeoutException">Fewer were consumed within the log's 60 s.</exception>
    public Task<IReadOnlyList<EndpointConsumed>> EndpointConsumedAsync<T>(string endpoint, Func<T, bool> predicate,
        int count = 1) =>
        Log.WaitForAsync<EndpointConsumed>(
            c => c.Endpoint == endpoint && !c.Faulted && c.Message is T m && predicate(m), count);

    /// <summary>Publishes <paramref name="message"/> and waits until <paramref name="endpoint"/> has consumed
    /// it.</summary>
    public async Task PublishAndWaitAsync<T>(T message, string endpoint)
        where T : class
    {
        var messageId = NewId.NextGuid();
        await Bus.Publish(message, context => context.MessageId = messageId);
        var consumed = await Log.WaitForOneAsync<EndpointConsumed>(
            c => c.MessageId == messageId && c.Endpoint == endpoint);
        if (consumed.Faulted) throw new InvalidOperationException($"{endpoint} faulted on {typeof(T).Name}.");
    }

    /// <summary>Runs <paramref name="sql"/> (a scalar query) on the orchestrator's database.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The run's details; fails when the run does not exist.</summary>
    public async Task<RunDetails> RunAsync(Guid runId) =>
        await Queries.GetRunAsync(runId, CancellationToken.None)
            ?? throw new InvalidOperationException($"Run {runId} does not exist.");

    /// <summary>Opens the fakes' gates (a test that failed before opening them would otherwise hold a consumer, and
    /// the bus's stop, for ever), then stops the host; a stop that takes longer than <see cref="StopTimeout"/> throws
    /// <see cref="TimeoutException"/>, so the test fails instead of holding the test run.</summary>
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Scenario.ReleaseGates();
        using var stopping = new CancellationTokenSource(StopTimeout);
        try
        {
            await _app.StopAsync(stopping.Token).WaitAsync(StopTimeout * 2);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The orchestrator test host did not stop within {StopTimeout * 2}.");
        }
        await _app.DisposeAsync();
    }

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
}
