using EcommerceLake.Contracts;
using EcommerceLake.Testing.Bus;
using MassTransit;

namespace EcommerceLake.Orchestrator.Tests.Support;

/// <summary>Answers ExtractStream with StreamExtracted (offset <see cref="FakeScenario.OffsetOf"/>) or
/// StreamExtractionFailed.</summary>
public sealed class FakeIngestion(FakeScenario scenario, MessageLog log) : IConsumer<ExtractStream>
{
    public async Task Consume(ConsumeContext<ExtractStream> context)
    {
        var m = context.Message;
        log.Add(m);
        if (scenario.Ignores(m.Source, m.Stream, "extract")) return;
        if (scenario.Fails(m.Source, m.Stream, "extract"))
        {
            await context.Publish(new StreamExtractionFailed
            {
                RunId = m.RunId,
                Source = m.Source,
                Stream = m.Stream,
                Error = "fake extraction error",
            });
            return;
        }
        await context.Publish(new StreamExtracted
        {
            RunId = m.RunId,
            Source = m.Source,
            Stream = m.Stream,
            OffsetFrom = m.Offset,
            OffsetTo = FakeScenario.OffsetOf(m.RunId),
            RowCount = scenario.Empty.ContainsKey($"{m.Source}.{m.Stream}") ? 0 : 10,
            QuarantinedCount = 1,
            LandBatchUri = $"land/{m.Source}/{m.Stream}/{m.RunId:N}",
            IsFullSnapshot = m.ForceFull || m.Offset is null,
            DurationSeconds = 0.5,
            SchemaDrift = scenario.Drift.TryGetValue($"{m.Source}.{m.Stream}", out var drift) ? drift : null,
        });
    }
}
