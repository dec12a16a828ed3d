using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Alerts;
using EcommerceLake.Orchestrator.Lineage;
using EcommerceLake.Streams;
using MassTransit;

namespace EcommerceLake.Orchestrator.Schemas;

/// <summary>
/// Records the <see cref="StreamExtracted.SchemaDrift"/> of every extraction that saw the source's columns
/// (<see cref="SourceSchemaStore"/>) and raises a <c>warning</c> alert of kind <c>schema-drift</c> once per stream and
/// drift while it lasts (its key names the columns added and missing, and the run that first saw them), ending with
/// the marts the stream feeds (<see cref="LineageImpact"/>). When a later extraction sees the source match the spec
/// again, or drift otherwise, the open alert is cleared (<see cref="AlertCleared"/>); a drift that comes back later is
/// raised again. An extraction that saw no column changes nothing, nor does one of a run older than the run the
/// stream's row holds (a late redelivery).
/// </summary>
public sealed class SchemaDriftConsumer(
    SourceSchemaStore store, AlertRaiser alerts, StreamCatalog catalog, TimeProvider time)
    : IConsumer<StreamExtracted>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<StreamExtracted> context)
    {
        var m = context.Message;
        if (m.SchemaDrift is not { } drift) return;
        var now = time.GetUtcNow();
        var stream = $"{m.Source}.{m.Stream}";
        var signature = drift.IsEmpty ? null
            : $"{WireName.Of(AlertKind.SchemaDrift)}:{stream}:+{string.Join(",", drift.Added)}"
                + $":-{string.Join(",", drift.Missing)}";
        if (await store.RecordAsync(m.RunId, m.Source, m.Stream, drift, signature, now, context.CancellationToken)
            is not var (previous, key))
            return;
        if (key is not null)
            await alerts.RaiseAsync(key, new AlertRaised
                {
                    Kind = AlertKind.SchemaDrift,
                    Severity = AlertSeverity.Warning,
                    RunId = m.RunId,
                    Source = m.Source,
                    Stream = m.Stream,
                    Message = $"Run {m.RunId}: the source of {stream} {drift.Describe()}"
                        + (drift.Added.Count > 0 ? " (their values are not landed until the spec names them)" : "")
                        + LineageImpact.Feeds(catalog, m.Source, m.Stream),
                    RaisedAt = now,
                },
                context, context.CancellationToken);
        if (previous is not null && previous != key)
            await alerts.ClearAsync(previous, new AlertCleared
                {
                    Kind = AlertKind.SchemaDrift,
                    Source = m.Source,
                    Stream = m.Stream,
                    Message = $"The source of {stream} {drift.Describe()} (run {m.RunId}).",
                    RaisedAt = now,
                    ClearedAt = now,
                },
                context, context.CancellationToken);
    }
}
