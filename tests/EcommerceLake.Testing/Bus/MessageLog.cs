namespace EcommerceLake.Testing.Bus;

/// <summary>
/// Thread-safe record of what a test observes (bus messages seen by fakes, observers and receive endpoints, webhook
/// bodies), of any types, with awaitable conditions: a waiter is re-checked every time a message is added, so tests
/// await events instead of sleeping.
/// </summary>
public sealed class MessageLog
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
    private readonly List<object> _messages = [];
    private readonly List<(Func<bool> Condition, TaskCompletionSource Done)> _waiters = [];
    private readonly Lock _lock = new();

    /// <summary>Records <paramref name="message"/> and releases the waiters it satisfies.</summary>
    public void Add(object message)
    {
        List<TaskCompletionSource> ready = [];
        lock (_lock)
        {
            _messages.Add(message);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (!_waiters[i].Condition()) continue;
                ready.Add(_waiters[i].Done);
                _waiters.RemoveAt(i);
            }
        }
        foreach (var done in ready) done.TrySetResult();
    }

    /// <summary>The messages of type <typeparamref name="T"/> recorded so far that match <paramref name="predicate"/>
    /// (all of them without one), in the order they were added.</summary>
    public IReadOnlyList<T> All<T>(Func<T, bool>? predicate = null)
    {
        lock (_lock) return _messages.OfType<T>().Where(m => predicate?.Invoke(m) ?? true).ToList();
    }

    /// <summary>Completes with the matching messages once at least <paramref name="count"/> of type
    /// <typeparamref name="T"/> match.</summary>
    /// <exception cref="TimeoutException">Fewer matched within <paramref name="timeout"/> (default 60 s).</exception>
    public async Task<IReadOnlyList<T>> WaitForAsync<T>(Func<T, bool> predicate, int count = 1,
        TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool Condition() => _messages.OfType<T>().Count(predicate) >= count;
        lock (_lock)
        {
            if (Condition()) done.TrySetResult();
            else _waiters.Add((Condition, done));
        }
        try
        {
            await done.Task.WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out waiting for {count} {typeof(T).Name} (saw {All(predicate).Count}).");
        }
        return All(predicate);
    }

    /// <summary>Completes with the first message of type <typeparamref name="T"/> that matches.</summary>
    /// <exception cref="TimeoutException">None matched within <paramref name="timeout"/> (default 60 s).</exception>
    public async Task<T> WaitForOneAsync<T>(Func<T, bool> predicate, TimeSpan? timeout = null) =>
        (await WaitForAsync(predicate, 1, timeout))[0];
}
