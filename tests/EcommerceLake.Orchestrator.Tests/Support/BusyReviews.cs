using EcommerceLake.Testing;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests.Support;

/// <summary>
/// An orchestrator test host whose <c>reviews</c> source is held by an active run: the fake warehouse holds that
/// run's load of <c>reviews.order_reviews</c> until <see cref="EndAsync"/>, so admission finds the source busy
/// meanwhile. Disposing it releases the load and disposes the host.
/// </summary>
public sealed class BusyReviews : IAsyncDisposable
{
    private readonly TaskCompletionSource _load;

    private BusyReviews(OrchestratorTestHost host, Guid activeRunId, TaskCompletionSource load) =>
        (Host, ActiveRunId, _load) = (host, activeRunId, load);

    /// <summary>The host, on a database of its own.</summary>
    public OrchestratorTestHost Host { get; }

    /// <summary>The admitted run that holds the reviews source.</summary>
    public Guid ActiveRunId { get; }

    /// <summary>Starts a host on a new database of <paramref name="database"/> and a run of the reviews source,
    /// returning once the run is accepted.</summary>
    public static async Task<BusyReviews> StartAsync(PostgresDatabase database, ITestOutputHelper output)
    {
        var load = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = await OrchestratorTestHost.StartAsync(await database.CreateDatabaseAsync("orch"), output,
            s => s.LoadGates["reviews.order_reviews"] = load);
        var runId = await host.RequestRunAsync("reviews");
        await host.AcceptedAsync(runId);
        return new BusyReviews(host, runId, load);
    }

    /// <summary>Lets the active run's load go on and waits for the run's <c>RunCompleted</c>.</summary>
    public async Task EndAsync()
    {
        _load.TrySetResult();
        await Host.CompletedAsync(ActiveRunId);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _load.TrySetResult();
        await Host.DisposeAsync();
    }
}
