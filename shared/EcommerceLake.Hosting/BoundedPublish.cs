using MassTransit;

namespace EcommerceLake.Hosting;

/// <summary>
/// Publishes that give up after a time limit (<c>Bus:PublishTimeout</c>, <see cref="BusOptions.PublishTimeout"/>)
/// instead of waiting forever for a transport that never takes the message. MassTransit's RabbitMQ transport awaits
/// the broker's publisher confirm until the caller's cancellation token fires, and a confirm lost with a dropped
/// connection never arrives (RabbitMQ.Client 7.2 fails only the confirms it tracked when the channel shut down).
/// The wait ends at the limit even when the transport does not heed the token. The caller tries again; the message
/// may then arrive twice, which every consumer of the lake tolerates. A publish given up on through a consume context
/// stays among that context's pending tasks, so MassTransit acknowledges the consumed message only once the publish
/// ends or the endpoint stops (<c>Bus:ConsumerStopTimeout</c>); until then the message holds one prefetch slot.
/// </summary>
public static class BoundedPublish
{
    /// <summary>Publishes <paramref name="message"/> as <typeparamref name="T"/> within <paramref name="timeout"/>.
    /// </summary>
    /// <exception cref="TimeoutException">Not taken within <paramref name="timeout"/>; the message names the key.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task PublishWithinAsync<T>(this IPublishEndpoint endpoint, T message, TimeSpan timeout,
        CancellationToken cancellationToken)
        where T : class =>
        WithinAsync(typeof(T), timeout, token => endpoint.Publish(message, token), cancellationToken);

    /// <summary>Publishes <paramref name="message"/> as <paramref name="type"/> within <paramref name="timeout"/>.
    /// </summary>
    /// <exception cref="TimeoutException">Not taken within <paramref name="timeout"/>; the message names the key.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task PublishWithinAsync(this IPublishEndpoint endpoint, object message, Type type,
        TimeSpan timeout, CancellationToken cancellationToken) =>
        WithinAsync(type, timeout, token => endpoint.Publish(message, type, token), cancellationToken);

    /// <summary>Sends <paramref name="message"/> through <paramref name="endpoint"/> (for example the publish send
    /// endpoint a receive context's <c>PublishEndpointProvider</c> gives) within <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">Not taken within <paramref name="timeout"/>; the message names the key.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task SendWithinAsync<T>(this ISendEndpoint endpoint, T message, TimeSpan timeout,
        CancellationToken cancellationToken)
        where T : class =>
        WithinAsync(typeof(T), timeout, token => endpoint.Send(message, token), cancellationToken);

    private static async Task WithinAsync(Type type, TimeSpan timeout, Func<CancellationToken, Task> publish,
        CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var publishing = publish(limit.Token);
        try
        {
            // The token alone is not enough if the publish waits somewhere that does not look at it: the consumer
            // awaiting it would then hold its receive endpoint from restarting. WaitAsync ends the wait regardless.
            await publishing.WaitAsync(timeout, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Abandon(publishing, limit);
            throw new TimeoutException(
                $"Publishing {type.Name} was not confirmed within {timeout} (Bus:PublishTimeout).");
        }
        catch (OperationCanceledException)
        {
            Abandon(publishing, limit);
            throw;
        }
    }

    /// <summary>Cancels a publish given up on and observes its later fault, if it ever ends.</summary>
    private static void Abandon(Task publishing, CancellationTokenSource limit)
    {
        limit.Cancel();
        _ = publishing.ContinueWith(t => t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
