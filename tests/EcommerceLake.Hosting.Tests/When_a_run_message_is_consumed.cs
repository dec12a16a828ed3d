using EcommerceLake.Contracts;
using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EcommerceLake.Hosting.Tests;

/// <summary>
/// <see cref="RunScopeFilter{T}"/> on the lake's bus (<c>AddLakeBus</c>, in memory): what a consumer logs while it
/// handles a run's message carries the run's scope, readable on the console (the simple console formatter prints a
/// scope's <c>ToString()</c>) and as named values for structured sinks. The scopes are read through
/// Microsoft.Extensions.Diagnostics.Testing's fake logger, which records the scopes active at each entry.
/// </summary>
public sealed class When_a_run_message_is_consumed
{
    [Fact]
    public async Task Should_log_inside_a_scope_naming_the_run_and_the_stream()
    {
        var runId = Guid.NewGuid();
        var scopes = await ScopesOfNoteAsync(new StreamNote { RunId = runId, Source = "files", Stream = "sellers" });

        var scope = scopes.Should().ContainSingle(s => s!.ToString()!.StartsWith("run ")).Which!;
        scope.ToString().Should().Be($"run {runId} files.sellers");
        scope.Should().BeAssignableTo<IEnumerable<KeyValuePair<string, object?>>>().Which.Should()
            .Contain(new KeyValuePair<string, object?>("RunId", runId))
            .And.Contain(new KeyValuePair<string, object?>("Source", "files"))
            .And.Contain(new KeyValuePair<string, object?>("Stream", "sellers"));
    }

    [Fact]
    public async Task Should_name_the_run_alone_for_a_message_of_the_whole_run()
    {
        var runId = Guid.NewGuid();
        var scopes = await ScopesOfNoteAsync(new RunNote { RunId = runId });

        scopes.Should().ContainSingle(s => s!.ToString()!.StartsWith("run ")).Which!.ToString()
            .Should().Be($"run {runId}");
    }

    /// <summary>Publishes <paramref name="message"/> on the lake's in-memory bus and returns the scopes active when
    /// its consumer logged "noted".</summary>
    private static async Task<IReadOnlyList<object?>> ScopesOfNoteAsync<T>(T message) where T : class
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Bus:Transport"] = "InMemory" });
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        builder.AddLakeBus(bus =>
        {
            bus.AddConsumer<NoteConsumer<StreamNote>>();
            bus.AddConsumer<NoteConsumer<RunNote>>();
        });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            await host.Services.GetRequiredService<IBus>().Publish(message);
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await foreach (var record in host.Services.GetFakeLogCollector().GetLogsAsync(limit.Token))
                if (record.Message == "noted")
                    return record.Scopes;
            throw new InvalidOperationException("unreachable: the enumeration ends only by cancellation");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>A stream message only this test sends.</summary>
    public sealed record StreamNote : IStreamMessage
    {
        /// <inheritdoc />
        public required Guid RunId { get; init; }

        /// <inheritdoc />
        public required string Source { get; init; }

        /// <inheritdoc />
        public required string Stream { get; init; }
    }

    /// <summary>A run message only this test sends.</summary>
    public sealed record RunNote : IRunMessage
    {
        /// <inheritdoc />
        public required Guid RunId { get; init; }
    }

    /// <summary>Logs "noted" for each message.</summary>
    public sealed class NoteConsumer<T>(ILogger<NoteConsumer<T>> logger) : IConsumer<T> where T : class
    {
        /// <inheritdoc />
        public Task Consume(ConsumeContext<T> context)
        {
            logger.LogInformation("noted");
            return Task.CompletedTask;
        }
    }
}
