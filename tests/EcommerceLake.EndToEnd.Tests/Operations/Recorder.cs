namespace EcommerceLake.EndToEnd.Tests.Operations;

/// <summary>
/// A thread-safe record of what a test observes (bus events, webhook bodies), with awaitable conditions: each waiter is
/// checked again every time an item is added, so the tests await what they expect instead of sleeping.
/// </summary>
public sealed class Recorder<T>
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
    private readonly List<T> _items = [];
    private readonly List<(Func<bool> Condition, TaskCompletionSource Done)> _waiters = [];
    private readonly Lock _lock = new();

    /// <summary>Records <paramref name="item"/> and releases the waiters it satisfies.</summary>
    public void Add(T item)
    {
        List<TaskCompletionSource> ready = [];
        lock (_lock)
        {
            _items.Add(item);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (!_waiters[i].Condition()) continue;
                ready.Add(_waiters[i].Done);
                _waiters.RemoveAt(i);
            }
        }
        foreach (var done in ready) done.TrySetResult();
    }

    /// <summary>The items recorded so far that match <paramref name="predicate"/>.</summary>
    public IReadOnlyList<T> Where(Func<T, bool> predicate)
    {
        lock (_lock) return _items.Where(predicate).ToList();
    }

    /// <summary>Completes with the matching items once at least <paramref name="count"/> match.</summary>
    /// <exception cref="TimeoutException">Fewer matched within <paramref name="timeout"/> (default 60 s).</exception>
    public async Task<IReadOnlyList<T>> WaitForAsync(Func<T, bool> predicate, int count = 1, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool Condition() => _items.Count(predicate) >= count;
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
            throw new TimeoutException(
                $"Timed out waiting for {count} matching {typeof(T).Name} (saw {Where(predicate).Count}).");
        }
        return Where(predicate);
    }
}
