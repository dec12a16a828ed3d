using EcommerceLake.Testing.Bus;
using MassTransit;

namespace EcommerceLake.Orchestrator.Tests.Support;

/// <summary>Records every message that the saga endpoint (<c>pipeline-run-state</c>) has finished consuming.</summary>
public sealed class SagaConsumeObserver(MessageLog log) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (IsSaga(context)) log.Add(new SagaConsumed(context.MessageId, context.Message, false));
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        if (IsSaga(context)) log.Add(new SagaConsumed(context.MessageId, context.Message, true));
        return Task.CompletedTask;
    }

    private static bool IsSaga(ConsumeContext context) =>
        context.ReceiveContext.InputAddress?.AbsolutePath.EndsWith("pipeline-run-state", StringComparison.Ordinal)
            == true;
}
