using EcommerceLake.Contracts;
using EcommerceLake.Testing.Bus;
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
            await context.Publish(new StreamProcessingFailed
            {
                RunId = m.RunId,
                Source = m.Source,
                Stream = m.Stream,
                Error = "fake processing error",
            });
            return;
        }
        await context.Publish(new StreamProcessed
        {
            RunId = m.RunId,
            Source = m.Source,
            Stream = m.Stream,
            RawBatchUri = $"raw/{m.Stream}/{m.RunId:N}",
            RowCount = 9,
            RejectedCount = 1,
            IsFullSnapshot = m.IsFullSnapshot,
            DurationSeconds = 0.25,
        });
    }
}
