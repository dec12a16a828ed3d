using EcommerceLake.Contracts;
using MassTransit;

namespace EcommerceLake.Orchestrator.Tests.Support;

/// <summary>Answers ProcessStream with StreamProcessed or StreamProcessingFailed.</summary>
public sealed class FakeProcessing(FakeScenario scenario, MessageLog log) : IConsumer<ProcessStream>
{
    public async Task Consume(ConsumeContext<ProcessStream> context)
    {
        var m = context.Message;
        log.Add(m);
        if (scenario.Ignores(m.Source, m.Stream, "process")) return;
        if (scenario.Fails(m.Source, m.Stream, "process"))
        {
            await context.Publish(new StreamProcessingFailed(m.RunId, m.Source, m.Stream, "fake processing error"));
            return;
        }
        await context.Publish(new StreamProcessed(m.RunId, m.Source, m.Stream, $"raw/{m.Stream}/{m.RunId:N}", 9, 1, m.IsFullSnapshot, 0.25));
    }
}
