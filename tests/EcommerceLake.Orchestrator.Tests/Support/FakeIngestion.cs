using EcommerceLake.Contracts;
using MassTransit;

namespace EcommerceLake.Orchestrator.Tests.Support;

/// <summary>Answers ExtractStream with StreamExtracted (offset <see cref="FakeScenario.OffsetOf"/>) or StreamExtractionFailed.</summary>
public sealed class FakeIngestion(FakeScenario scenario, MessageLog log) : IConsumer<ExtractStream>
{
    public async Task Consume(ConsumeContext<ExtractStream> context)
    {
        var m = context.Message;
        log.Add(m);
        if (scenario.Ignores(m.Source, m.Stream, "extract")) return;
        if (scenario.Fails(m.Source, m.Stream, "extract"))
        {
            await context.Publish(new StreamExtractionFailed(m.RunId, m.Source, m.Stream, "fake extraction error"));
            return;
        }
        await context.Publish(new StreamExtracted(m.RunId, m.Source, m.Stream, m.Offset, FakeScenario.OffsetOf(m.RunId), 10, 1,
            $"land/{m.Source}/{m.Stream}/{m.RunId:N}", m.ForceFull || m.Offset is null, 0.5));
    }
}
