using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Hosting.Tests;

/// <summary><c>Bus:ConsumerStopTimeout</c> as MassTransit's host options receive it, and its validation.</summary>
public sealed class When_the_bus_stop_timeouts_are_configured
{
    private static IServiceProvider Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddLakeBus(_ => { });
        return builder.Services.BuildServiceProvider();
    }

    [Fact]
    public void Should_cancel_consumers_after_thirty_seconds_and_give_the_stop_ten_more_by_default()
    {
        var host = Build([]).GetRequiredService<IOptions<MassTransitHostOptions>>().Value;

        host.ConsumerStopTimeout.Should().Be(TimeSpan.FromSeconds(30));
        host.StopTimeout.Should().Be(TimeSpan.FromSeconds(40));
    }

    [Fact]
    public void Should_pass_a_configured_timeout_to_the_host_options()
    {
        var host = Build(new() { ["Bus:ConsumerStopTimeout"] = "00:02:00" })
            .GetRequiredService<IOptions<MassTransitHostOptions>>().Value;

        host.ConsumerStopTimeout.Should().Be(TimeSpan.FromMinutes(2));
        host.StopTimeout.Should().Be(TimeSpan.FromSeconds(130));
    }

    [Fact]
    public void Should_refuse_a_timeout_out_of_range_with_a_message_naming_the_key()
    {
        var options = Build(new() { ["Bus:ConsumerStopTimeout"] = "02:00:00" })
            .GetRequiredService<IOptions<BusOptions>>();

        var act = () => options.Value;

        act.Should().Throw<OptionsValidationException>()
            .Which.Failures.Should().Contain(f => f.Contains("Bus:ConsumerStopTimeout must be between",
                StringComparison.Ordinal));
    }
}
