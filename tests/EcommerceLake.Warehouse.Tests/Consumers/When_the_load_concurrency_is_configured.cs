using EcommerceLake.Hosting.Steps;
using EcommerceLake.Testing;
using EcommerceLake.Warehouse.Consumers;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Warehouse.Tests.Consumers;

/// <summary><c>Warehouse:ConcurrentLoads</c> becomes the concurrency of the <c>LoadStream</c> endpoint only (which
/// <see cref="StepConsumerDefinition{TConsumer}"/> applies, as the ingestion consumer tests show for its own
/// setting); marts builds keep the bus's. The host is not started: its start would migrate a warehouse.</summary>
public sealed class When_the_load_concurrency_is_configured : IDisposable
{
    private readonly TempDirectory _lake = new("warehouse-concurrency");

    public void Dispose() => _lake.Dispose();

    private IHost Build(string? concurrentLoads) => ConfiguredHost.Build(_lake.Path, new()
    {
        ["ConnectionStrings:Warehouse"] = "Host=127.0.0.1;Database=unused",
        ["Warehouse:ConcurrentLoads"] = concurrentLoads,
    }, b => b.AddWarehouse());

    [Theory]
    [InlineData("3", 3)]
    [InlineData(null, null)]
    public void Should_set_the_load_stream_endpoint_or_leave_it_to_the_bus(string? setting, int? limit)
    {
        using var host = Build(setting);

        host.StepEndpointLimit(nameof(LoadStreamConsumer)).Should().Be(limit);
        host.StepEndpointLimit(nameof(BuildMartsConsumer)).Should().BeNull();
    }

    [Fact]
    public void Should_refuse_a_limit_out_of_range_naming_the_key()
    {
        using var host = Build("257");

        var act = () => host.Services.GetRequiredService<IOptions<WarehouseOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Message
            .Should().Contain("Warehouse:ConcurrentLoads must be between 1 and 256");
    }
}
