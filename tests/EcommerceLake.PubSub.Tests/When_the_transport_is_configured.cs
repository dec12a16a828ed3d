using EcommerceLake.Hosting;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace EcommerceLake.PubSub.Tests;

public sealed class When_the_transport_is_configured
{
    [Fact]
    public async Task Should_refuse_to_start_without_a_project_naming_the_key()
    {
        var act = () => StartAsync(new Dictionary<string, string?> { ["Bus:Transport"] = "PubSub" });
        (await act.Should().ThrowAsync<Exception>())
            .Which.Message.Should().Contain("Bus:PubSub:ProjectId: is required when Bus:Transport is PubSub");
    }

    [Theory]
    [InlineData("Bus:PubSub:AckDeadlineSeconds", "5", "Bus:PubSub:AckDeadlineSeconds")]
    [InlineData("Bus:PubSub:MaxDeliveryAttempts", "101", "Bus:PubSub:MaxDeliveryAttempts")]
    [InlineData("Bus:PubSub:Prefix", "goog-x", "Bus:PubSub:Prefix")]
    [InlineData("Bus:PubSub:Prefix", "a b", "Bus:PubSub:Prefix")]
    [InlineData("Bus:PubSub:EmulatorHost", "no-port", "Bus:PubSub:EmulatorHost")]
    [InlineData("Bus:PubSub:MinimumBackoffSeconds", "700", "Bus:PubSub:MinimumBackoffSeconds")]
    public async Task Should_refuse_settings_out_of_pubsub_bounds_naming_the_key(string key, string value,
        string named)
    {
        var act = () => StartAsync(new Dictionary<string, string?>
        {
            ["Bus:Transport"] = "PubSub",
            ["Bus:PubSub:ProjectId"] = "lake-test",
            ["Bus:PubSub:EmulatorHost"] = "127.0.0.1:9",
            [key] = value,
        });
        (await act.Should().ThrowAsync<Exception>()).Which.Message.Should().Contain(named);
    }

    [Fact]
    public async Task Should_refuse_a_missing_key_file()
    {
        var act = () => StartAsync(new Dictionary<string, string?>
        {
            ["Bus:Transport"] = "PubSub",
            ["Bus:PubSub:ProjectId"] = "lake-test",
            ["Bus:PubSub:ServiceAccountKeyFile"] = "/nonexistent/key.json",
        });
        (await act.Should().ThrowAsync<Exception>())
            .Which.Message.Should().Contain("Bus:PubSub:ServiceAccountKeyFile: names no existing file");
    }

    [Fact]
    public void Should_fall_back_to_the_standard_emulator_variable()
    {
        var options = new PubSubOptions();
        var before = Environment.GetEnvironmentVariable(PubSubOptions.EmulatorHostVariable);
        try
        {
            Environment.SetEnvironmentVariable(PubSubOptions.EmulatorHostVariable, "localhost:8085");
            options.ResolveBaseAddress().Should().Be(new Uri("http://localhost:8085/"));
            options.EmulatorHost = "127.0.0.1:9999";
            options.ResolveBaseAddress().Should().Be(new Uri("http://127.0.0.1:9999/"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(PubSubOptions.EmulatorHostVariable, before);
        }
    }

    private static async Task StartAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddLakeBus(_ => { });
        using var host = builder.Build();
        await host.StartAsync();
        await host.StopAsync();
    }
}
