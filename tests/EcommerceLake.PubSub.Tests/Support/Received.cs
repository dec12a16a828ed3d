using System.Collections.Concurrent;
using MassTransit;

namespace EcommerceLake.PubSub.Tests.Support;

/// <summary>What consumers saw, and waits on it.</summary>
public sealed class Received
{
    private readonly ConcurrentQueue<(string Bus, ConsumeContext Context, int Number)> _seen = new();
    private readonly SemaphoreSlim _signal = new(0);

    public IReadOnlyList<(string Bus, ConsumeContext Context, int Number)> All => _seen.ToArray();

    public void Add(string bus, ConsumeContext context, int number)
    {
        _seen.Enqueue((bus, context, number));
        _signal.Release();
    }

    /// <summary>Waits until <paramref name="count"/> messages were seen.</summary>
    public async Task WaitForAsync(int count, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (_seen.Count < count)
        {
            try
            {
                await _signal.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Saw {_seen.Count} of {count} messages.");
            }
        }
    }
}

/// <summary>Records each event with the name of the bus it ran on.</summary>
public sealed class RecordingConsumer(Received received, BusName name) : IConsumer<ThingHappened>, IConsumer<DoThing>
{
    public Task Consume(ConsumeContext<ThingHappened> context)
    {
        received.Add(name.Value, context, context.Message.Number);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<DoThing> context)
    {
        received.Add(name.Value, context, context.Message.Number);
        return Task.CompletedTask;
    }
}

/// <summary>The name of a test bus, for telling instances apart.</summary>
public sealed record BusName(string Value);

/// <summary>Waits until a condition holds, polling every 20 ms; fails after the timeout with the description.</summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null,
        Func<string>? describe = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (!condition())
        {
            if (deadline.IsCancellationRequested)
                throw new TimeoutException($"Not {what} in time. {describe?.Invoke()}");
            await tick.WaitForNextTickAsync();
        }
    }
}
