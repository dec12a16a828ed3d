using EcommerceLake.Contracts;
using EcommerceLake.Testing.Bus;
using MassTransit;

namespace EcommerceLake.Orchestrator.Tests.Support;

/// <summary>Records the cluster commands the saga sends to the processing service.</summary>
public sealed class FakeClusters(MessageLog log) : IConsumer<ProvisionCluster>, IConsumer<DeleteCluster>
{
    public Task Consume(ConsumeContext<ProvisionCluster> context)
    {
        log.Add(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<DeleteCluster> context)
    {
        log.Add(context.Message);
        return Task.CompletedTask;
    }
}
