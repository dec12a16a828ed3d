using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Alerts;
using EcommerceLake.Orchestrator.Lineage;
using EcommerceLake.Streams;
using MassTransit;

namespace EcommerceLake.Orchestrator.Checks;

/// <summary>
/// Records the data-quality checks of every <see cref="StreamLoaded"/> (<see cref="CheckResultStore"/>) and raises a
/// <c>warning</c> alert of kind <c>check-failed</c> for each failing one, once per run, stream and check: it names the
/// check, its assertion, the failing rows of those the load wrote, sample keys and the marts the stream feeds
/// (<see cref="LineageImpact"/>). A failed <c>error</c> check failed its load: the outcomes of that load
/// (<see cref="StreamLoadFailed.Checks"/>) are recorded too, so the check shows failing as the stream's latest
/// outcome, and raise no alert of their own, as the <c>step-failed</c> alert reports the load with the same words.
/// </summary>
public sealed class CheckResultsConsumer(
    CheckResultStore store, AlertRaiser alerts, StreamCatalog catalog, TimeProvider time)
    : IConsumer<StreamLoaded>, IConsumer<StreamLoadFailed>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<StreamLoadFailed> context)
    {
        var m = context.Message;
        await store.RecordAsync(m.RunId, m.Source, m.Stream, m.Checks, time.GetUtcNow(), context.CancellationToken);
    }

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<StreamLoaded> context)
    {
        var m = context.Message;
        if (m.Checks.Count == 0) return;
        var now = time.GetUtcNow();
        await store.RecordAsync(m.RunId, m.Source, m.Stream, m.Checks, now, context.CancellationToken);
        // Raised for every failing outcome, recorded now or before: the alert's own key makes it once.
        foreach (var failed in m.Checks.Where(c => !c.Passed))
        {
            var key = $"{WireName.Of(AlertKind.CheckFailed)}:{m.RunId}:{m.Source}.{m.Stream}:{failed.Name}";
            await alerts.RaiseAsync(key, new AlertRaised
                {
                    Kind = AlertKind.CheckFailed,
                    Severity = AlertSeverity.Warning,
                    RunId = m.RunId,
                    Source = m.Source,
                    Stream = m.Stream,
                    Message = $"Run {m.RunId}: {m.Source}.{m.Stream} loaded rows that fail its check "
                        + failed.Describe() + LineageImpact.Feeds(catalog, m.Source, m.Stream),
                    RaisedAt = now,
                },
                context, context.CancellationToken);
        }
    }
}
