using System.Collections.Concurrent;
using EcommerceLake.Contracts;
using MassTransit;

namespace EcommerceLake.Orchestrator.Dashboard;

/// <summary>
/// The latest refused run requests (at most 500, in memory), so a run started from the dashboard and refused by
/// admission (source busy) shows why instead of waiting forever. Fed by <see cref="RunRefusedRecorder"/>.
/// </summary>
public sealed class RunRefusals
{
    private const int Capacity = 500;
    private readonly ConcurrentDictionary<Guid, RunRefused> _byRun = new();
    private readonly ConcurrentQueue<Guid> _order = new();

    /// <summary>Remembers <paramref name="refused"/>, forgetting the oldest beyond the capacity.</summary>
    public void Add(RunRefused refused)
    {
        if (!_byRun.TryAdd(refused.RunId, refused)) return;
        _order.Enqueue(refused.RunId);
        while (_order.Count > Capacity && _order.TryDequeue(out var old)) _byRun.TryRemove(old, out _);
    }

    /// <summary>The refusal of <paramref name="runId"/>, else null.</summary>
    public RunRefused? Find(Guid runId) => _byRun.GetValueOrDefault(runId);
}

/// <summary>Records every <see cref="RunRefused"/> in <see cref="RunRefusals"/>.</summary>
public sealed class RunRefusedRecorder(RunRefusals refusals) : IConsumer<RunRefused>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<RunRefused> context)
    {
        refusals.Add(context.Message);
        return Task.CompletedTask;
    }
}
