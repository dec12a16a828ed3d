namespace EcommerceLake.Google;

/// <summary>
/// Polls a long-running operation or job until it reaches a final state, waiting
/// <see cref="GoogleCloudOptions.PollBackoff"/> between polls (first <c>PollIntervalMilliseconds</c>, ×1.5 each time,
/// capped at <c>MaxPollIntervalMilliseconds</c>) on the client's <see cref="TimeProvider"/>. Polling is not retrying: a
/// poll that fails transiently is retried by the HTTP pipeline (<see cref="GoogleHttpResilience"/>), and one that still
/// fails ends the wait with its exception.
/// </summary>
public static class GooglePoller
{
    /// <summary>Calls <paramref name="poll"/> until <paramref name="isDone"/> holds for its answer.</summary>
    /// <param name="client">Gives the back-off settings and the time provider.</param>
    /// <param name="what">What is awaited, for the time-out message (<c>Dataproc job lake-…</c>).</param>
    /// <param name="poll">Reads the current state.</param>
    /// <param name="isDone">True for a final state.</param>
    /// <param name="timeout">Give up after this long.</param>
    /// <param name="onPoll">Called with each answer (for logs and progress), may be null.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The first answer in a final state.</returns>
    /// <exception cref="TimeoutException">No final state within <paramref name="timeout"/>; the message names
    /// <paramref name="what"/>.</exception>
    public static async Task<T> UntilAsync<T>(
        GoogleApiClient client, string what, Func<CancellationToken, Task<T>> poll, Func<T, bool> isDone,
        TimeSpan timeout,
        Action<T>? onPoll, CancellationToken cancellationToken)
    {
        var time = client.Time;
        var started = time.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            var answer = await poll(cancellationToken);
            onPoll?.Invoke(answer);
            if (isDone(answer)) return answer;
            if (time.GetElapsedTime(started) >= timeout)
                throw new TimeoutException($"{what} did not finish within {timeout.TotalSeconds:0} s.");
            await Task.Delay(client.Options.PollBackoff.Delay(attempt), time, cancellationToken);
        }
    }
}
