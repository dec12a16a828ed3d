using EcommerceLake.Testing.Bus;
using MassTransit;

namespace EcommerceLake.Orchestrator.Tests.Support;

/// <summary>Records every attempt of the saga endpoint (<c>pipeline-run-state</c>) at a message, each retry of it too.
/// </summary>
public sealed class SagaConsumeObserver(MessageLog log) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (IsSaga(context)) log.Add(new SagaConsumed(context.MessageId, context.Message, null));
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        if (IsSaga(context)) log.Add(new SagaConsumed(context.MessageId, context.Message, exception));
        return Task.CompletedTask;
    }

    private static bool IsSaga(ConsumeContext context) =>
        context.ReceiveContext.InputAddress?.AbsolutePath.EndsWith("pipeline-run-state", StringComparison.Ordinal)
            == true;
}
