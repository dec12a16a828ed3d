using System.Collections.Concurrent;
using EcommerceLake.PubSub.Configuration;
using EcommerceLake.PubSub.Rest;
using MassTransit;
using MassTransit.Internals;
using MassTransit.Transports;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.PubSub.Transport;

/// <summary>
/// Pulls and dispatches the messages of one receive endpoint (https://cloud.google.com/pubsub/docs/pull).
/// <list type="bullet">
/// <item>Subscriptions: the endpoint's shared one and one per consumed message type; each has
/// <c>Bus:PubSub:ConcurrentPulls</c> pull loops. One more loop pulls the endpoint's dead-letter subscription
/// (<c>{endpoint}_dead-letter</c>): a message there carries Pub/Sub's
/// <see cref="PubSubAttributes.DeadLetterSourceSubscription"/> as a header, for the receive pipe to give it up on
/// (the lake's <c>BrokerDeadLetterFilter</c>) rather than leave it unseen.</item>
/// <item>Flow control: at most <c>MaxOutstandingMessages</c> (default the prefetch count, or the concurrent message
/// limit when lower) messages run at once; a loop pulls only while there is room and asks for no more than the room
/// left.</item>
/// <item>Leases: every pulled message's ack deadline is extended (<c>modifyAckDeadline</c>) every third of the
/// deadline until it is settled, so a long consumer is never redelivered to another instance mid-work.</item>
/// <item>Settling: acked (batched, <see cref="PubSubAcknowledger"/>) only after the consumer pipeline finished — which
/// includes MassTransit's moves to <c>_error</c> or <c>_skipped</c>; a pipeline that itself failed nacks (deadline 0),
/// and Pub/Sub's retry policy and dead-letter policy take over.</item>
/// <item>Shutdown: pulling stops, running consumers get <c>Bus:PubSub:ShutdownTimeoutSeconds</c> to finish, and every
/// message still held is released (nacked) for another instance.</item>
/// <item>Failures of the REST calls are retried by the HTTP pipeline; a loop that still fails waits (exponential, up
/// to 30 s) and pulls again.</item>
/// </list>
/// </summary>
public sealed class PubSubConsumer : ConsumerAgent<string>, ReceiveTransportHandle
{
    private const int MaxPullBatch = 100;
    private readonly PubSubHostConfiguration _host;
    private readonly PubSubReceiveEndpointConfiguration _configuration;
    private readonly PubSubReceiveEndpointContext _context;
    private readonly PubSubOptions _options;
    private readonly PubSubRestClient _client;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _room;
    private readonly CancellationTokenSource _stopPulling = new();
    private readonly CancellationTokenSource _stopExtending = new();
    private readonly ConcurrentDictionary<Lease, byte> _leases = new();
    private readonly PubSubAcknowledger _acks;
    private readonly Task _pulling;
    private readonly Task _extending;
    private List<string> _subscriptions = [];

    /// <summary>Starts consuming for the endpoint of <paramref name="configuration"/>.</summary>
    public PubSubConsumer(PubSubHostConfiguration host, PubSubReceiveEndpointConfiguration configuration,
        PubSubReceiveEndpointContext context)
        : base(context)
    {
        _host = host;
        _configuration = configuration;
        _context = context;
        _options = host.Options;
        _client = host.Client;
        _logger = host.Logger;
        var limit = _options.MaxOutstandingMessages ?? context.PrefetchCount;
        if (context.ConcurrentMessageLimit is { } concurrent) limit = Math.Min(limit, concurrent);
        MaxOutstanding = Math.Max(1, limit);
        _room = new SemaphoreSlim(MaxOutstanding, MaxOutstanding);
        _acks = new PubSubAcknowledger(_client, _logger);
        _pulling = Task.Run(RunAsync);
        _extending = Task.Run(ExtendAsync);
    }

    /// <summary>Most messages this endpoint holds at once.</summary>
    public int MaxOutstanding { get; }

    /// <summary>Messages pulled and not yet settled.</summary>
    public int Held => _leases.Count;

    /// <inheritdoc />
    public Task Stop(CancellationToken cancellationToken) => this.Stop("Stop Receive Transport", cancellationToken);

    /// <inheritdoc />
    protected override bool IsTrackable(string key) => false;

    /// <inheritdoc />
    protected override async Task ActiveAndActualAgentsCompleted(StopContext context)
    {
        await _stopPulling.CancelAsync().ConfigureAwait(false);
        // Every pull loop ends before anything is released, so the leases of a pull answered just as the endpoint
        // stopped are held, and released below, rather than registered after the release and left to their deadline.
        await _pulling.ConfigureAwait(false);
        var finishing = base.ActiveAndActualAgentsCompleted(context);
        var bound = TimeSpan.FromSeconds(_options.ShutdownTimeoutSeconds);
        if (await Task.WhenAny(finishing, Task.Delay(bound, context.CancellationToken)).ConfigureAwait(false)
            != finishing)
            _logger.LogWarning("{Endpoint}: consumers still running after {Seconds} s; releasing their messages",
                _configuration.QueueName, bound.TotalSeconds);
        await ReleaseHeldAsync().ConfigureAwait(false);
        await _stopExtending.CancelAsync().ConfigureAwait(false);
        await _acks.DisposeAsync().ConfigureAwait(false);
        await _extending.ConfigureAwait(false);
        if (_configuration.IsTemporary) await DeleteTemporaryAsync().ConfigureAwait(false);
        await _context.TransportObservers.NotifyCompleted(_context.InputAddress, this).ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        try
        {
            await _context.DependenciesReady.OrCanceled(_stopPulling.Token).ConfigureAwait(false);
            _subscriptions = await ProvisionAsync().ConfigureAwait(false);
            await _context.TransportObservers.NotifyReady(_context.InputAddress).ConfigureAwait(false);
            SetReady();
            var loops = _subscriptions
                .SelectMany(s => Enumerable.Range(0, _options.ConcurrentPulls).Select(_ => PullLoopAsync(s)))
                .ToList();
            // What Pub/Sub itself dead-lettered (never acknowledged within maxDeliveryAttempts deliveries: a consumer
            // that crashed its process or hung) comes through the endpoint's pipe once more, marked by Pub/Sub's
            // attributes, to be given up on there (the lake's bus moves it to _error and raises the alert).
            if (!_configuration.IsTemporary)
                loops.Add(PullLoopAsync(_host.Provisioner.Names.DeadLetter(_configuration.QueueName)));
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopPulling.IsCancellationRequested)
        {
            // stopping
        }
        catch (Exception e)
        {
            _logger.LogError(e, "{Endpoint}: the Pub/Sub consumer failed", _configuration.QueueName);
            SetNotReady(e);
        }
    }

    /// <summary>Creates the endpoint's resources, trying again until it works or the endpoint stops.</summary>
    private async Task<List<string>> ProvisionAsync()
    {
        var provisioner = _host.Provisioner;
        var name = _configuration.QueueName;
        var temporary = _configuration.IsTemporary;
        for (var attempt = 1;; attempt++)
        {
            try
            {
                var subscriptions = new List<string> { await provisioner.EnsureEndpointAsync(name, temporary) };
                foreach (var topic in _configuration.MessageTopics)
                    subscriptions.Add(await provisioner.EnsureTypeSubscriptionAsync(name, topic, temporary));
                return subscriptions;
            }
            catch (Exception e) when (e is not OperationCanceledException && !_stopPulling.IsCancellationRequested)
            {
                _logger.LogWarning(e, "{Endpoint}: creating its Pub/Sub topics and subscriptions failed (attempt " +
                                      "{Attempt}); trying again", name, attempt);
                await Task.Delay(Backoff(attempt), _stopPulling.Token).ConfigureAwait(false);
            }
        }
    }

    private async Task PullLoopAsync(string subscription)
    {
        var failures = 0;
        var stop = _stopPulling.Token;
        while (!stop.IsCancellationRequested)
        {
            await _room.WaitAsync(stop).ConfigureAwait(false);
            _room.Release();
            IReadOnlyList<ReceivedMessage> messages;
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                wait.CancelAfter(TimeSpan.FromSeconds(_options.PullWaitSeconds));
                try
                {
                    var max = Math.Clamp(_room.CurrentCount, 1, MaxPullBatch);
                    messages = await _client.PullAsync(subscription, max, wait.Token).ConfigureAwait(false);
                    failures = 0;
                }
                catch (OperationCanceledException)
                {
                    continue; // the wait ended, or the endpoint stops
                }
                catch (Exception e)
                {
                    failures++;
                    _logger.LogWarning(e, "Pull from {Subscription} failed ({Failures} in a row); pulling again",
                        subscription, failures);
                    await Task.Delay(Backoff(failures), stop).ConfigureAwait(false);
                    continue;
                }
            }
            foreach (var message in messages) _leases[new Lease(subscription, message.AckId)] = 0;
            foreach (var message in messages)
            {
                try
                {
                    await _room.WaitAsync(stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break; // held messages are released by the stop
                }
                _ = HandleAsync(new Lease(subscription, message.AckId), message);
            }
        }
    }

    private async Task HandleAsync(Lease lease, ReceivedMessage message)
    {
        var settlement = new Settlement(this, lease);
        try
        {
            var context = new PubSubReceiveContext(message, lease.Subscription, _context);
            try
            {
                await Dispatch(message.MessageId, context, settlement).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                context.LogTransportFaulted(e);
            }
            finally
            {
                context.Dispose();
            }
        }
        finally
        {
            if (!settlement.Settled) await NackAsync(lease).ConfigureAwait(false);
            _room.Release();
        }
    }

    private async Task AckAsync(Lease lease)
    {
        if (!_leases.TryRemove(lease, out _)) return;
        await _acks.AckAsync(lease.Subscription, lease.AckId).ConfigureAwait(false);
    }

    private async Task NackAsync(Lease lease)
    {
        if (!_leases.TryRemove(lease, out _)) return;
        try
        {
            await _client.ModifyAckDeadlineAsync(lease.Subscription, [lease.AckId], 0, CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Nack on {Subscription} failed; the message returns when its deadline passes",
                lease.Subscription);
        }
    }

    /// <summary>Extends the ack deadline of every held message every third of the deadline.</summary>
    private async Task ExtendAsync()
    {
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(_options.AckDeadlineSeconds / 3.0), _host.Time);
        try
        {
            while (await tick.WaitForNextTickAsync(_stopExtending.Token).ConfigureAwait(false))
            {
                foreach (var group in _leases.Keys.GroupBy(l => l.Subscription, StringComparer.Ordinal))
                {
                    foreach (var chunk in group.Select(l => l.AckId).Chunk(PubSubAcknowledger.MaxBatch))
                    {
                        try
                        {
                            await _client.ModifyAckDeadlineAsync(group.Key, chunk, _options.AckDeadlineSeconds,
                                _stopExtending.Token).ConfigureAwait(false);
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            _logger.LogWarning(e, "Extending {Count} leases on {Subscription} failed", chunk.Length,
                                group.Key);
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>Nacks every message still held (pulled but not dispatched, or whose consumer did not finish in
    /// time).</summary>
    private async Task ReleaseHeldAsync()
    {
        var held = _leases.Keys.ToList();
        if (held.Count == 0) return;
        _logger.LogInformation("{Endpoint}: releasing {Count} held messages", _configuration.QueueName, held.Count);
        foreach (var group in held.GroupBy(l => l.Subscription, StringComparer.Ordinal))
        {
            foreach (var l in group) _leases.TryRemove(l, out _);
            try
            {
                await _client.ModifyAckDeadlineAsync(group.Key, group.Select(l => l.AckId).ToList(), 0,
                    CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Releasing messages on {Subscription} failed; they return when their " +
                                      "deadline passes", group.Key);
            }
        }
    }

    private async Task DeleteTemporaryAsync()
    {
        try
        {
            foreach (var subscription in _subscriptions)
                await _client.DeleteSubscriptionAsync(subscription, CancellationToken.None).ConfigureAwait(false);
            await _client.DeleteTopicAsync(_host.Names.Resource(_configuration.QueueName), CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogInformation(e, "Deleting the temporary endpoint {Endpoint} failed; its subscription expires " +
                                      "after a day unused", _configuration.QueueName);
        }
    }

    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(attempt, 10))));

    private readonly record struct Lease(string Subscription, string AckId);

    /// <summary>The receive lock of one message: ack on completion, nack on a pipeline fault.</summary>
    private sealed class Settlement(PubSubConsumer consumer, Lease lease) : ReceiveLockContext
    {
        public bool Settled { get; private set; }

        public Task Complete()
        {
            Settled = true;
            return consumer.AckAsync(lease);
        }

        public Task Faulted(Exception exception)
        {
            Settled = true;
            return consumer.NackAsync(lease);
        }

        public Task ValidateLockStatus() => Task.CompletedTask;
    }
}
