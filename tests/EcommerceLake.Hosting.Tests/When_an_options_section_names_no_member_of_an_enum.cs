using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Hosting.Tests;

/// <summary>
/// <see cref="ConfigurationSectionReader"/>: an enum-typed setting that names no member fails with its key and the
/// members, whether the section is read while services are registered or bound when the host starts.
/// </summary>
public sealed class When_an_options_section_names_no_member_of_an_enum
{
    /// <summary>Options with an enum at two depths, as the lake's options nest (Bus:PubSub:…).</summary>
    public sealed class ToolOptions
    {
        /// <summary>A closed set.</summary>
        public BusTransport Transport { get; set; } = BusTransport.InMemory;

        /// <summary>A nested section.</summary>
        public NestedOptions Nested { get; set; } = new();
    }

    /// <summary>The nested section of <see cref="ToolOptions"/>.</summary>
    public sealed class NestedOptions
    {
        /// <summary>An optional closed set.</summary>
        public BusTransport? Fallback { get; set; }
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    [Fact]
    public void Should_name_the_key_and_the_members_when_the_bus_is_registered()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new("Bus:Transport", "Kafka")]);

        var act = () => builder.AddLakeBus(_ => { });

        act.Should().Throw<OptionsValidationException>()
            .Which.Message.Should().Be("Bus:Transport: 'Kafka' is not one of InMemory, RabbitMq, PubSub.");
    }

    [Fact]
    public void Should_report_every_such_key_of_a_section_and_its_nested_sections()
    {
        var config = Configuration(new() { ["Tool:Transport"] = "Kafka", ["Tool:Nested:Fallback"] = "Sqs" });

        var act = () => config.ReadSection<ToolOptions>("Tool");

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().Equal(
            "Tool:Transport: 'Kafka' is not one of InMemory, RabbitMq, PubSub.",
            "Tool:Nested:Fallback: 'Sqs' is not one of InMemory, RabbitMq, PubSub.");
    }

    [Theory]
    [InlineData("7")]
    [InlineData("RabbitMq,PubSub")]
    public void Should_refuse_what_the_binder_would_take_as_no_member(string value)
    {
        var config = Configuration(new() { ["Tool:Transport"] = value });

        var act = () => config.ReadSection<ToolOptions>("Tool");

        act.Should().Throw<OptionsValidationException>()
            .Which.Message.Should().StartWith($"Tool:Transport: '{value}' is not one of");
    }

    [Fact]
    public void Should_bind_a_member_named_in_any_case_and_leave_a_missing_section_at_its_defaults()
    {
        Configuration(new() { ["Tool:Transport"] = "rabbitmq", ["tool:nested:fallback"] = " PubSub " })
            .ReadSection<ToolOptions>("Tool").Should().BeEquivalentTo(new ToolOptions
            {
                Transport = BusTransport.RabbitMq, Nested = new NestedOptions { Fallback = BusTransport.PubSub },
            });
        Configuration([]).ReadSection<ToolOptions>("Tool").Should().BeEquivalentTo(new ToolOptions());
    }

    [Fact]
    public void Should_fail_validated_options_at_start_with_the_same_message()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Configuration(new() { ["Tool:Nested:Fallback"] = "Sqs" }));
        services.AddValidatedOptions<ToolOptions>("Tool");
        var options = services.BuildServiceProvider().GetRequiredService<IOptions<ToolOptions>>();

        var act = () => options.Value;

        act.Should().Throw<OptionsValidationException>()
            .Which.Message.Should().Be("Tool:Nested:Fallback: 'Sqs' is not one of InMemory, RabbitMq, PubSub.");
    }
}
