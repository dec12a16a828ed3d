using EcommerceLake.Contracts;
using EcommerceLake.Testing.Bus;
using MassTransit;

namespace EcommerceLake.Orchestrator.Tests.Support;

/// <summary>Records the orchestrator's answers and run outcomes.</summary>
public sealed class RunOutcomeRecorder(MessageLog log) :
    IConsumer<RunAccepted>, IConsumer<RunRefused>, IConsumer<RunCompleted>, IConsumer<RunFailed>
{
    public Task Consume(ConsumeContext<RunAccepted> context) => Record(context.Message);

    public Task Consume(ConsumeContext<RunRefused> context) => Record(context.Message);

    public Task Consume(ConsumeContext<RunCompleted> context) => Record(context.Message);

    public Task Consume(ConsumeContext<RunFailed> context) => Record(context.Message);

    private Task Record(object message)
    {
        log.Add(message);
        return Task.CompletedTask;
    }
}
