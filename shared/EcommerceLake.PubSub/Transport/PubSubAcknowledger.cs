using System.Threading.Channels;
using EcommerceLake.PubSub.Rest;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.PubSub.Transport;

/// <summary>
/// Batches acknowledgements: acks queue up while one <c>acknowledge</c> request is in flight and go out together in the
/// next one, per subscription, at most <see cref="MaxBatch"/> ack ids a request. <see cref="AckAsync"/> completes when
/// the request carrying its ack id answered. A failed request (after the client's retries) is logged: Pub/Sub
/// delivers those messages again (at-least-once), and consumers are idempotent.
/// </summary>
public sealed class PubSubAcknowledger : IAsyncDisposable
{
    /// <summary>Most ack ids in one request.</summary>
    public const int MaxBatch = 1000;

    private readonly Channel<(string Subscription, string AckId, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(string, string, TaskCompletionSource)>(new UnboundedChannelOptions
            { SingleReader = true });
    private readonly PubSubRestClient _client;
    private readonly ILogger _logger;
    private readonly Task _loop;

    /// <summary>Starts the batching loop over <paramref name="client"/>.</summary>
    public PubSubAcknowledger(PubSubRestClient client, ILogger logger)
    {
        _client = client;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues the ack of <paramref name="ackId"/>; completes once it was sent (or its request
    /// failed).</summary>
    public Task AckAsync(string subscription, string ackId)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((subscription, ackId, done)))
            done.TrySetResult(); // stopped: the message will be delivered again
        return done.Task;
    }

    /// <summary>Sends what is queued and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<(string Subscription, string AckId, TaskCompletionSource Done)>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item)) batch.Add(item);
            foreach (var group in batch.GroupBy(b => b.Subscription, StringComparer.Ordinal))
            {
                try
                {
                    await _client.AcknowledgeAsync(group.Key, group.Select(g => g.AckId).ToList(),
                        CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    _logger.LogWarning(e, "Acknowledging {Count} messages on {Subscription} failed; Pub/Sub will " +
                                          "deliver them again", group.Count(), group.Key);
                }
                foreach (var item in group) item.Done.TrySetResult();
            }
        }
    }
}
