using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Hosting.Tests;

/// <summary><c>Bus:ConsumerStopTimeout</c> and <c>Bus:StartTimeout</c> as MassTransit's host options receive them, and
/// their validation.</summary>
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
        host.StartTimeout.Should().BeNull("MassTransit's connection retry decides unless Bus:StartTimeout is set");
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
    public void Should_give_the_host_options_a_start_timeout_when_one_is_configured()
    {
        var host = Build(new() { ["Bus:StartTimeout"] = "00:00:15" })
            .GetRequiredService<IOptions<MassTransitHostOptions>>().Value;

        host.StartTimeout.Should().Be(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Should_fail_the_start_naming_the_broker_once_the_start_timeout_has_passed()
    {
        var services = Build(new()
        {
            ["Bus:Transport"] = "RabbitMq", ["Bus:RabbitMq:Port"] = "1", ["Bus:StartTimeout"] = "00:00:05",
        });
        var bus = services.GetServices<IHostedService>().OfType<MassTransitHostedService>().Single();

        // Without Bus:StartTimeout MassTransit retries for about two minutes, until this bound cancels the start (which
        // then fails the same way). Five seconds, not one: on a loaded machine the first refused connection can take
        // longer than a second to be reported, and a start cut short before it ends cancelled, naming no broker.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var start = () => bus.StartAsync(bound.Token);

        (await start.Should().ThrowAsync<ConnectionException>("nothing listens on port 1")).Which.Message.Should()
            .Contain("127.0.0.1:1");
        bound.IsCancellationRequested.Should().BeFalse("the start gave up on its own, after Bus:StartTimeout");
    }

    [Fact]
    public void Should_refuse_a_timeout_out_of_range_with_a_message_naming_the_key()
    {
        var options = Build(new() { ["Bus:ConsumerStopTimeout"] = "02:00:00", ["Bus:StartTimeout"] = "00:00:00" })
            .GetRequiredService<IOptions<BusOptions>>();

        var act = () => options.Value;

        act.Should().Throw<OptionsValidationException>()
            .Which.Failures.Should().Contain(f => f.Contains("Bus:ConsumerStopTimeout must be between",
                StringComparison.Ordinal))
            .And.Contain(f => f.Contains("Bus:StartTimeout must be between", StringComparison.Ordinal));
    }
}
