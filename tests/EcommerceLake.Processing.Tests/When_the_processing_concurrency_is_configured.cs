using EcommerceLake.Hosting.Steps;
using EcommerceLake.Processing.Consumers;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Processing.Tests;

/// <summary><c>Processing:ConcurrentStreams</c> becomes the concurrency of the <c>ProcessStream</c> endpoint (which
/// <see cref="StepConsumerDefinition{TConsumer}"/> applies, as the ingestion consumer tests show for its own
/// setting).</summary>
public sealed class When_the_processing_concurrency_is_configured : IDisposable
{
    private readonly TempDirectory _lake = new("processing-concurrency");

    public void Dispose() => _lake.Dispose();

    private IHost Build(string? concurrentStreams) => ConfiguredHost.Build(_lake.Path,
        new() { ["Processing:ConcurrentStreams"] = concurrentStreams }, b => b.AddProcessing());

    [Theory]
    [InlineData("2", 2)]
    [InlineData(null, null)]
    public void Should_set_the_process_stream_endpoint_or_leave_it_to_the_bus(string? setting, int? limit)
    {
        using var host = Build(setting);

        host.StepEndpointLimit(nameof(ProcessStreamConsumer)).Should().Be(limit);
    }

    [Fact]
    public async Task Should_refuse_to_start_with_a_limit_out_of_range_naming_the_key()
    {
        using var host = Build("0");

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message
            .Should().Contain("Processing:ConcurrentStreams must be between 1 and 256");
    }
}
