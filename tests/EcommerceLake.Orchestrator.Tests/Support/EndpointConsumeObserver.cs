using EcommerceLake.Testing.Bus;
using MassTransit;

namespace EcommerceLake.Orchestrator.Tests.Support;

/// <summary>Records every message any endpoint has finished consuming, with the endpoint's queue name.</summary>
public sealed class EndpointConsumeObserver(MessageLog log) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        log.Add(new EndpointConsumed(Name(context), context.MessageId, context.Message, false));
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        log.Add(new EndpointConsumed(Name(context), context.MessageId, context.Message, true));
        return Task.CompletedTask;
    }

    private static string Name(ConsumeContext context) =>
        context.ReceiveContext.InputAddress?.AbsolutePath.TrimStart('/') ?? "";
}
