using EcommerceLake.Cli.Embedded;
using EcommerceLake.Contracts;
using EcommerceLake.Streams;
using MassTransit;

namespace EcommerceLake.Benchmarks;

/// <summary>Requests a run over every source of the default catalog on an embedded lake and waits for its end.</summary>
public static class LakeRuns
{
    /// <summary>Runs every source once; the report of the completed run.</summary>
    /// <exception cref="InvalidOperationException">The run failed or was refused (the message gives the
    /// reason).</exception>
    /// <exception cref="OperationCanceledException">The run did not end within 30 minutes.</exception>
    public static async Task<RunReport> RunAsync(EmbeddedLake lake, CancellationToken cancellationToken = default)
    {
        var runId = NewId.NextGuid();
        await lake.Bus.Publish(new RequestRun
        {
            RunId = runId,
            Sources = StreamCatalog.Default.Sources,
            Trigger = RunTrigger.Cli,
            RequestedBy = Environment.UserName,
        }, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(30));
        var report = await lake.Watcher.WaitForEndAsync(runId, timeout.Token);
        return report.Outcome == "Completed"
            ? report
            : throw new InvalidOperationException($"Run {runId} ended {report.Outcome}: {report.Reason}");
    }

    /// <summary>Land rows over every stream of <paramref name="run"/>.</summary>
    public static long LandRows(RunReport run) => run.Streams.Values.Sum(s => s.LandRows);
}
