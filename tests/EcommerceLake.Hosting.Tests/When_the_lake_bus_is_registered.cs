using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Hosting.Tests;

/// <summary><c>AddLakeBus</c>, whatever the transport: nothing about the deployment leaves it for MassTransit's
/// usage-tracking service.</summary>
public sealed class When_the_lake_bus_is_registered
{
    [Theory]
    [InlineData("InMemory")]
    [InlineData("RabbitMq")]
    public void Should_not_report_usage_telemetry_to_the_masstransit_project(string transport)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Bus:Transport"] = transport });
        builder.AddLakeBus(_ => { });
        using var host = builder.Build();

        host.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled.Should().BeFalse();
    }
}
