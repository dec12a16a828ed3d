using EcommerceLake.Hosting.Steps;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Hosting.Tests.Steps;

public sealed class When_the_step_retry_is_configured
{
    private static IOptions<StepRetryOptions> Resolve(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddStepFailureHandling();
        return services.BuildServiceProvider().GetRequiredService<IOptions<StepRetryOptions>>();
    }

    [Fact]
    public void Should_default_to_five_retries_from_one_to_thirty_seconds()
    {
        var options = Resolve([]).Value;

        options.Should().BeEquivalentTo(new
        {
            Limit = 5, MinInterval = TimeSpan.FromSeconds(1), MaxInterval = TimeSpan.FromSeconds(30),
            IntervalDelta = TimeSpan.FromSeconds(1),
        });
    }

    [Fact]
    public void Should_refuse_invalid_settings_with_messages_naming_the_keys()
    {
        var options = Resolve(new()
        {
            ["Bus:StepRetry:Limit"] = "50",
            ["Bus:StepRetry:MinInterval"] = "00:00:10",
            ["Bus:StepRetry:MaxInterval"] = "00:00:05",
        });

        var act = () => options.Value;

        act.Should().Throw<OptionsValidationException>()
            .Which.Failures.Should().Contain(f => f.StartsWith("Bus:StepRetry:Limit:", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Bus:StepRetry:MaxInterval: must be at least", StringComparison.Ordinal));
    }
}
