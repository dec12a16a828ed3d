namespace EcommerceLake.Orchestrator.Tests.Support;

/// <summary>
/// Thread-safe record of messages seen by the fakes and observers, with awaitable conditions: a waiter is
/// re-checked every time a message is added, so tests await events instead of sleeping.
/// </summary>
public sealed class MessageLog
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
    private readonly List<object> _messages = [];
    private readonly List<(Func<bool> Condition, TaskCompletionSource Done)> _waiters = [];
    private readonly Lock _lock = new();

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

    public IReadOnlyList<T> All<T>(Func<T, bool>? predicate = null)
    {
        lock (_lock) return _messages.OfType<T>().Where(m => predicate?.Invoke(m) ?? true).ToList();
    }

    /// <summary>Completes when at least <paramref name="count"/> messages of type <typeparamref name="T"/> match.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync<T>(Func<T, bool> predicate, int count = 1, TimeSpan? timeout = null)
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
    public async Task<T> WaitForOneAsync<T>(Func<T, bool> predicate, TimeSpan? timeout = null) =>
        (await WaitForAsync(predicate, 1, timeout))[0];
}
