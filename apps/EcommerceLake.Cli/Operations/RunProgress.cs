using System.Text.Json;
using Spectre.Console;

namespace EcommerceLake.Cli.Operations;

/// <summary>
/// Follows a run by polling <c>GET /runs/{id}</c> every second, with a live status line (streams loaded, failed,
/// running) unless quiet. A refused request ends at once (state <c>Refused</c>, the reason as its error); a run still
/// unknown after a minute was lost (the orchestrator did not answer the request).
/// </summary>
internal static class RunProgress
{
    private static readonly TimeSpan AdmissionLimit = TimeSpan.FromMinutes(1);

    /// <returns>The run's details once it has ended or was refused, or null when the request was not answered
    /// within a minute (a message says so).
    /// </returns>
    /// <exception cref="TimeoutException">The run did not end within <paramref name="timeout"/>.</exception>
    public static async Task<JsonElement?> WaitAsync(OperationsClient client, Guid runId, TimeSpan timeout,
        bool live, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var started = DateTimeOffset.UtcNow;
        JsonElement? result = null;
        async Task Poll(Action<string> show)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            do
            {
                var details = await client.GetRunAsync(runId, limit.Token);
                if (details is null)
                {
                    if (DateTimeOffset.UtcNow - started > AdmissionLimit) return;
                    show($"Run {runId}: waiting for admission…");
                    continue;
                }
                var run = details.Value.GetProperty("run");
                if (run.GetProperty("completedAt").ValueKind == JsonValueKind.String)
                {
                    result = details;
                    return;
                }
                var streams = details.Value.GetProperty("streams").EnumerateArray()
                    .Select(s => s.GetProperty("status").GetString()).ToList();
                show($"Run {runId} {run.GetProperty("state").GetString()}: "
                    + $"{streams.Count(s => s == "Loaded")}/{streams.Count} streams loaded, "
                    + $"{streams.Count(s => s is "Extracting" or "Processing" or "Loading")} running, "
                    + $"{streams.Count(s => s == "Failed")} failed");
            }
            while (await timer.WaitForNextTickAsync(limit.Token));
        }
        try
        {
            if (live)
                await AnsiConsole.Status().StartAsync($"Run {runId} requested…",
                    context => Poll(text => context.Status(Markup.Escape(text))));
            else
                await Poll(_ => { });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Run {runId} did not end within {timeout}; it goes on: lake run show {runId}.");
        }
        if (result is null)
            AnsiConsole.MarkupLine($"[red]Run {runId} was neither admitted nor refused within a minute:[/] is the "
                + "orchestrator consuming its requests? See lake serve's or the orchestrator's log.");
        return result;
    }
}
