using EcommerceLake.Contracts;
using EcommerceLake.Testing.Bus;
using MassTransit;

namespace EcommerceLake.Orchestrator.Tests.Support;

/// <summary>Records alerts and source events published on the bus.</summary>
public sealed class OperationsRecorder(MessageLog log)
    : IConsumer<AlertRaised>, IConsumer<AlertCleared>, IConsumer<SourceChangeDetected>, IConsumer<RequestRun>
{
    public Task Consume(ConsumeContext<AlertCleared> context) => Record(context.Message);

    public Task Consume(ConsumeContext<AlertRaised> context) => Record(context.Message);

    public Task Consume(ConsumeContext<SourceChangeDetected> context) => Record(context.Message);

    public Task Consume(ConsumeContext<RequestRun> context) => Record(context.Message);

    private Task Record(object message)
    {
        log.Add(message);
        return Task.CompletedTask;
    }
}
