using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Deadlines;
using EcommerceLake.Orchestrator.Outbox;
using EcommerceLake.Orchestrator.Sagas;
using EcommerceLake.Orchestrator.StreamControl;
using EcommerceLake.Streams;
using FluentAssertions;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceLake.Orchestrator.Tests.Sagas;

/// <summary>
/// The run saga on MassTransit's in-memory test harness and in-memory saga repository, with an in-memory
/// <see cref="IRunLedger"/> and an <see cref="IRunOutbox"/> that publishes at once: the machine's behaviour in
/// milliseconds, without PostgreSQL (whose persistence the other orchestrator tests cover).
/// </summary>
public sealed class InMemorySaga : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly PublishingOutbox _outbox;

    private InMemorySaga(ServiceProvider provider, FakeTimeProvider clock)
    {
        _provider = provider;
        Clock = clock;
        Harness = provider.GetRequiredService<ITestHarness>();
        Ledger = provider.GetRequiredService<MemoryLedger>();
        _outbox = provider.GetRequiredService<PublishingOutbox>();
    }

    public ITestHarness Harness { get; }

    public FakeTimeProvider Clock { get; }

    public MemoryLedger Ledger { get; }

    public ISagaStateMachineTestHarness<PipelineRunStateMachine, PipelineRunState> Saga =>
        Harness.GetSagaStateMachineHarness<PipelineRunStateMachine, PipelineRunState>();

    public static async Task<InMemorySaga> StartAsync()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(StreamCatalog.Default)
            .AddSingleton(Microsoft.Extensions.Options.Options.Create(new DeadlineOptions()))
            .AddSingleton<MemoryLedger>()
            .AddSingleton<IRunLedger>(p => p.GetRequiredService<MemoryLedger>())
            .AddSingleton<PublishingOutbox>()
            .AddSingleton<IRunOutbox>(p => p.GetRequiredService<PublishingOutbox>())
            // The saga's clock only: the harness keeps real time for its own time-outs.
            .AddSingleton(p => ActivatorUtilities.CreateInstance<RunSteps>(p, (TimeProvider)clock))
            .AddMassTransitTestHarness(x =>
            {
                x.SetTestTimeouts(testTimeout: TimeSpan.FromMinutes(1), testInactivityTimeout: TimeSpan.FromSeconds(5));
                x.AddSagaStateMachine<PipelineRunStateMachine, PipelineRunState>().InMemoryRepository();
            })
            .BuildServiceProvider(true);
        var saga = new InMemorySaga(services, clock);
        await saga.Harness.Start();
        return saga;
    }

    /// <summary>Accepts a run of <paramref name="sources"/> and waits until the saga exists.</summary>
    public Task<Guid> AcceptAsync(params string[] sources) => AcceptAsync(sources, null);

    /// <summary>Starts a run of <paramref name="sources"/> narrowed to <paramref name="streams"/> (null: all).
    /// </summary>
    public async Task<Guid> AcceptAsync(IReadOnlyList<string> sources, IReadOnlyList<string>? streams)
    {
        var runId = NewId.NextGuid();
        await Harness.Bus.Publish(new RunAccepted
        {
            RunId = runId,
            Sources = sources,
            Streams = streams,
            Trigger = RunTrigger.Api,
            RequestedBy = "tests",
            ForceFull = false,
            AcceptedAt = Clock.GetUtcNow(),
        });
        (await Saga.Exists(runId, x => x.Running)).Should().NotBeNull("the run starts");
        return runId;
    }

    /// <summary>Publishes <paramref name="message"/> and waits until the saga consumed it.</summary>
    public async Task SendAsync<T>(T message)
        where T : class
    {
        var id = NewId.NextGuid();
        await Harness.Bus.Publish(message, c => c.MessageId = id);
        (await Saga.Consumed.Any<T>(m => m.Context.MessageId == id)).Should().BeTrue();
    }

    /// <summary>The saga's state of run <paramref name="runId"/>.</summary>
    public PipelineRunState Run(Guid runId) => Saga.Sagas.Contains(runId)!;

    /// <summary>How many <typeparamref name="T"/> the saga has published so far that match: read from what its
    /// outbox published, which does not wait for the harness to go quiet (the harness's own lists do, and stop
    /// waiting for later messages once it has).</summary>
    public int Count<T>(Func<T, bool> match)
        where T : class =>
        _outbox.Published().OfType<T>().Count(match);

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
    }

    /// <summary>Offsets, leases and follow-ups in memory.</summary>
    public sealed class MemoryLedger : IRunLedger
    {
        public Dictionary<(string Source, string Stream), string> Offsets { get; } = [];

        public List<Guid> Ended { get; } = [];

        public Task<IReadOnlyDictionary<(string Source, string Stream), string>> ReadOffsetsAsync(PipeContext context,
            IReadOnlyCollection<string> sources, CancellationToken cancellationToken)
        {
            lock (Offsets)
                return Task.FromResult<IReadOnlyDictionary<(string, string), string>>(
                    Offsets.Where(o => sources.Contains(o.Key.Source)).ToDictionary());
        }

        public Dictionary<(string Source, string Stream), StreamSwitches> Switches { get; } = [];

        public Task<IReadOnlyDictionary<(string Source, string Stream), StreamSwitches>> ReadSwitchesAsync(
            PipeContext context, IReadOnlyCollection<string> sources, CancellationToken cancellationToken)
        {
            lock (Switches)
                return Task.FromResult<IReadOnlyDictionary<(string, string), StreamSwitches>>(
                    Switches.Where(o => sources.Contains(o.Key.Source)).ToDictionary());
        }

        public Task ClearForceFullAsync(PipeContext context, string source, string stream, DateTimeOffset startedAt,
            CancellationToken cancellationToken)
        {
            lock (Switches)
                if (Switches.TryGetValue((source, stream), out var s) && s.ForceFullAt <= startedAt)
                    (s.ForceFull, s.ForceFullAt) = (false, null);
            return Task.CompletedTask;
        }

        public Task RecordLoadAsync(PipeContext context, string source, string stream, Guid runId, long landRows,
            DateTimeOffset loadedAt, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task CommitOffsetAsync(PipeContext context, string source, string stream, string offset, Guid runId,
            DateTimeOffset committedAt, CancellationToken cancellationToken)
        {
            lock (Offsets) Offsets[(source, stream)] = offset;
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<RequestRun>> EndRunAsync(PipeContext context, Guid runId,
            IReadOnlyCollection<string> sources, DateTimeOffset now, CancellationToken cancellationToken)
        {
            lock (Ended) Ended.Add(runId);
            return Task.FromResult<IReadOnlyList<RequestRun>>([]);
        }
    }

    /// <summary>Publishes through the consume context at once (no transaction to wait for in memory), and keeps
    /// what it published.</summary>
    private sealed class PublishingOutbox : IRunOutbox
    {
        private readonly List<object> _published = [];

        public object[] Published()
        {
            lock (_published) return [.. _published];
        }

        public async Task AddAsync(PipeContext context, Guid runId, object message,
            CancellationToken cancellationToken)
        {
            await ((ConsumeContext)context).Publish(message, message.GetType(), cancellationToken);
            lock (_published) _published.Add(message);
        }
    }
}
