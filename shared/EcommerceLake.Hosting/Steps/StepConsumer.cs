using System.Diagnostics;
using EcommerceLake.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Hosting.Steps;

/// <summary>
/// The shape of every pipeline step consumer (extract, process, load, build marts). For each command it starts the
/// step's span (tagged with run, source and stream; the log scope comes from <see cref="RunScopeFilter{T}"/>), times
/// the step, runs <see cref="ExecuteAsync"/> and publishes the <typeparamref name="TSucceeded"/> event it returns.
/// When the step throws, the exception is classified by <see cref="FailureClassification"/>:
/// <list type="bullet">
/// <item><see cref="FailureKind.Transient"/>: logged as a warning and rethrown, so the endpoint's message retry
/// (<see cref="StepConsumerDefinition{TConsumer}"/>, <c>Bus:StepRetry</c>) runs the step again; once the retries
/// are exhausted the command goes to <c>_error</c> and MassTransit publishes <c>Fault&lt;TCommand&gt;</c>.</item>
/// <item>every other kind: logged as an error and published as <typeparamref name="TFailed"/> (from
/// <see cref="Failed"/>) with the kind and the message <c>ExceptionType: message</c>; not retried.</item>
/// </list>
/// While the step runs it publishes <see cref="StepProgressed"/> every <c>Bus:StepRetry:ProgressInterval</c>, so the
/// orchestrator does not take a long step for a lost one.
/// An <see cref="OperationCanceledException"/> of the consume context's own token (the host is stopping) escapes
/// unclassified, and MassTransit leaves the message on the queue.
/// The event is published within <c>Bus:PublishTimeout</c> (<see cref="BusOptions.PublishTimeout"/>): a publish the
/// transport never confirms (the broker dropped the connection in between) throws <see cref="TimeoutException"/>, so
/// the endpoint's retry runs the step again (steps are idempotent) and publishes on a new channel, instead of the
/// consumer waiting forever — which would also keep a RabbitMQ receive endpoint from restarting after the drop, as it
/// waits for its consumers in flight.
/// </summary>
/// <typeparam name="TCommand">The command, a run message.</typeparam>
/// <typeparam name="TSucceeded">The event published when the step succeeds.</typeparam>
/// <typeparam name="TFailed">The event published when the step fails for a reason a retry cannot fix.</typeparam>
public abstract class StepConsumer<TCommand, TSucceeded, TFailed>(
    ActivitySource activitySource, FailureClassification classification, ILogger logger) : IConsumer<TCommand>
    where TCommand : class, IRunMessage
    where TSucceeded : class
    where TFailed : class
{
    /// <summary>The logger of the derived consumer.</summary>
    protected ILogger Logger { get; } = logger;

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<TCommand> context)
    {
        var command = context.Message;
        var stream = command as IStreamMessage;
        using var span = activitySource.StartStep(SpanName(command), command.RunId, stream?.Source, stream?.Stream);
        var step = new StepContext<TCommand>(context, span, Stopwatch.StartNew());
        TSucceeded succeeded;
        using var working = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var progress = ReportProgressAsync(step, working.Token);
        try
        {
            succeeded = await ExecuteAsync(step);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var kind = classification.Classify(ex);
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            span?.SetTag("lake.failure_kind", kind.ToString());
            if (kind == FailureKind.Transient)
            {
                Logger.LogWarning(ex, "{Step} failed with a transient error (retry {Attempt}); the bus will try again",
                    SpanName(command), context.GetRetryAttempt());
                throw;
            }
            Logger.LogError(ex, "{Step} failed ({Kind})", SpanName(command), kind);
            await PublishAsync(context, Failed(command, $"{ex.GetType().Name}: {ex.Message}", kind, ex));
            return;
        }
        finally
        {
            await working.CancelAsync();
            await progress;
        }
        await PublishAsync(context, succeeded);
    }

    /// <summary>Publishes <paramref name="message"/> within <c>Bus:PublishTimeout</c>.</summary>
    /// <exception cref="TimeoutException">The transport did not take the message in time (retried by the bus).
    /// </exception>
    private static Task PublishAsync<T>(ConsumeContext context, T message, CancellationToken? cancellationToken = null)
        where T : class =>
        context.PublishWithinAsync(message, Settings<BusOptions>(context).PublishTimeout,
            cancellationToken ?? context.CancellationToken);

    /// <summary>The host's bound <typeparamref name="TOptions"/>, or their defaults outside a host.</summary>
    private static TOptions Settings<TOptions>(ConsumeContext context)
        where TOptions : class, new() =>
        context.TryGetPayload<IServiceProvider>(out var services)
        && services.GetService(typeof(IOptions<TOptions>)) is IOptions<TOptions> options
            ? options.Value
            : new TOptions();

    /// <summary>
    /// Publishes <see cref="StepProgressed"/> every <c>Bus:StepRetry:ProgressInterval</c> until
    /// <paramref name="stopped"/>, each within <c>Bus:PublishTimeout</c> (a hung one would keep the step from ending,
    /// as the step awaits this loop). Best effort: a failed publish is logged and the step goes on.
    /// </summary>
    private async Task ReportProgressAsync(StepContext<TCommand> step, CancellationToken stopped)
    {
        var interval = Settings<StepRetryOptions>(step.Context).ProgressInterval;
        var stream = step.Message as IStreamMessage;
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopped))
            {
                try
                {
                    await PublishAsync(step.Context, new StepProgressed
                    {
                        RunId = step.Message.RunId,
                        Source = stream?.Source,
                        Stream = stream?.Stream,
                        Chain = ChainOf(step.Message),
                        Step = typeof(TCommand).Name,
                        ElapsedSeconds = step.ElapsedSeconds,
                    }, stopped);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Logger.LogWarning(ex, "Reporting the progress of {Step} failed", SpanName(step.Message));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The marts chain a command works on, reported in <see cref="StepProgressed.Chain"/>; null (the
    /// default) for a step that is not a marts build.</summary>
    protected virtual MartsChainName? ChainOf(TCommand command) => null;

    /// <summary>The span's name, for example <c>load marketplace.orders</c>; also used in log messages.</summary>
    protected abstract string SpanName(TCommand command);

    /// <summary>Runs the step and returns the event to publish. Exceptions are classified by the caller.</summary>
    protected abstract Task<TSucceeded> ExecuteAsync(StepContext<TCommand> step);

    /// <summary>The failure event for <paramref name="command"/>: <paramref name="error"/> (<c>ExceptionType:
    /// message</c>) and its kind, with what the event carries of <paramref name="cause"/>, the exception the step
    /// threw.</summary>
    protected abstract TFailed Failed(TCommand command, string error, FailureKind kind, Exception cause);
}

/// <summary>What a step sees: the consume context, its span and the time since the step started.</summary>
/// <param name="Context">MassTransit's consume context.</param>
/// <param name="Span">The step's span, when tracing listens.</param>
/// <param name="Clock">Started when the step started.</param>
public sealed record StepContext<TCommand>(ConsumeContext<TCommand> Context, Activity? Span, Stopwatch Clock)
    where TCommand : class
{
    /// <summary>The command.</summary>
    public TCommand Message => Context.Message;

    /// <summary>The consume context's cancellation token.</summary>
    public CancellationToken CancellationToken => Context.CancellationToken;

    /// <summary>Seconds since the step started (the <c>DurationSeconds</c> of the success events).</summary>
    public double ElapsedSeconds => Clock.Elapsed.TotalSeconds;

    /// <summary>Tags the span with the rows the step handled.</summary>
    public void SetRows(long rows) => Span?.SetTag(LakeTelemetry.RowsTag, rows);
}
