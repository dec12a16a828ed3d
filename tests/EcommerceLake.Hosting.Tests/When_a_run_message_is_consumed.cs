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
/// scope's <c>ToString()</c>) and as named values for structured sinks.
/// </summary>
public sealed class When_a_run_message_is_consumed
{
    [Fact]
    public async Task Should_log_inside_a_scope_naming_the_run_and_the_stream()
    {
        var runId = Guid.NewGuid();
        var (logs, scopes) = await ConsumeAsync(new StreamNote { RunId = runId, Source = "files", Stream = "sellers" });

        logs.Should().Contain("noted");
        var scope = scopes.Should().ContainSingle(s => s.Text.StartsWith("run ")).Which;
        scope.Text.Should().Be($"run {runId} files.sellers");
        scope.Values.Should().Contain(new KeyValuePair<string, object?>("RunId", runId))
            .And.Contain(new KeyValuePair<string, object?>("Source", "files"))
            .And.Contain(new KeyValuePair<string, object?>("Stream", "sellers"));
    }

    [Fact]
    public async Task Should_name_the_run_alone_for_a_message_of_the_whole_run()
    {
        var runId = Guid.NewGuid();
        var (_, scopes) = await ConsumeAsync(new RunNote { RunId = runId });

        scopes.Should().ContainSingle(s => s.Text.StartsWith("run ")).Which.Text.Should().Be($"run {runId}");
    }

    private static async Task<(List<string> Logs, List<CapturedScope> Scopes)> ConsumeAsync<T>(T message)
        where T : class
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Bus:Transport"] = "InMemory" });
        builder.Logging.ClearProviders();
        var capture = new ScopeCapture();
        builder.Logging.AddProvider(capture);
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
            await capture.Noted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await host.StopAsync();
        }
        return (capture.Messages.ToList(), capture.Scopes.ToList());
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

    private sealed record CapturedScope(string Text, IReadOnlyList<KeyValuePair<string, object?>> Values);

    /// <summary>Keeps the scopes around each "noted" entry, as a console or OpenTelemetry provider would read them
    /// (through <see cref="IExternalScopeProvider"/>).</summary>
    private sealed class ScopeCapture : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

        public System.Collections.Concurrent.ConcurrentQueue<CapturedScope> Scopes { get; } = new();

        public TaskCompletionSource Noted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose() { }

        private sealed class Logger(ScopeCapture capture) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
                capture._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
                Func<TState, Exception?, string> formatter)
            {
                var message = formatter(state, exception);
                if (message != "noted") return;
                capture._scopes.ForEachScope((scope, _) => capture.Scopes.Enqueue(new CapturedScope(
                    scope?.ToString() ?? "",
                    scope is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToList() : [])), (object?)null);
                capture.Messages.Enqueue(message);
                capture.Noted.TrySetResult();
            }
        }
    }
}
