using System.Diagnostics;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EcommerceLake.Hosting.Tests;

/// <summary><c>AddLakeDefaults</c>' logs: the per-request lines of HttpClient and Polly stay out of a service's log
/// unless its configuration asks for them; the lake's own information lines stay in; a line carries its trace id
/// but not its span ids.</summary>
public sealed class When_the_hosting_defaults_are_added
{
    private const string HttpClientHandler = "System.Net.Http.HttpClient.ReviewsApiClient.LogicalHandler";

    [Fact]
    public void Should_keep_http_client_and_polly_at_warning()
    {
        using var host = Build();
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();

        loggers.CreateLogger(HttpClientHandler).IsEnabled(LogLevel.Information).Should().BeFalse();
        loggers.CreateLogger(HttpClientHandler).IsEnabled(LogLevel.Warning).Should().BeTrue();
        loggers.CreateLogger("Polly").IsEnabled(LogLevel.Information).Should().BeFalse();
        loggers.CreateLogger("Polly").IsEnabled(LogLevel.Warning).Should().BeTrue("a retry is logged at Warning");
        loggers.CreateLogger("EcommerceLake.Ingestion.Consumers.ExtractStreamConsumer")
            .IsEnabled(LogLevel.Information).Should().BeTrue();
    }

    [Fact]
    public void Should_let_the_configuration_bring_them_back()
    {
        using var host = Build(new() { ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Information" });

        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(HttpClientHandler)
            .IsEnabled(LogLevel.Information).Should().BeTrue();
    }

    [Fact]
    public void Should_name_the_trace_of_a_log_line_but_not_its_spans()
    {
        var builder = Host.CreateApplicationBuilder(); // the host's defaults track span, trace and parent ids
        builder.Logging.AddFakeLogging();
        builder.AddLakeDefaults("test");
        using var host = builder.Build();
        using var activity = new Activity("step").SetParentId(ActivityTraceId.CreateRandom(),
            ActivitySpanId.CreateRandom()).Start();

        host.Services.GetRequiredService<ILogger<When_the_hosting_defaults_are_added>>().LogInformation("Loaded");

        var scope = host.Services.GetFakeLogCollector().LatestRecord.Scopes.Should().ContainSingle().Subject;
        scope!.ToString().Should().Be($"TraceId:{activity.TraceId}");
    }

    private static IHost Build(Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.AddLakeDefaults("test");
        return builder.Build();
    }
}
