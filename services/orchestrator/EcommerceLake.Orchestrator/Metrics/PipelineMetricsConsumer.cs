using EcommerceLake.Contracts;
using EcommerceLake.Hosting;
using EcommerceLake.Orchestrator.Infrastructure;
using EcommerceLake.Orchestrator.Sagas;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace EcommerceLake.Orchestrator.Metrics;

/// <summary>
/// Records <see cref="PipelineMetrics"/> from the pipeline's events: step durations and rows per layer from
/// <see cref="StreamExtracted"/> (land), <see cref="StreamProcessed"/> (raw), <see cref="StreamLoaded"/> (trusted) and
/// <see cref="MartsBuilt"/>; run durations from <see cref="RunCompleted"/> and <see cref="RunFailed"/> (the failed
/// run's admission time is read from its saga row). Delivery is at least once, so a redelivered event counts twice:
/// the metrics are for dashboards, the saga rows are the record.
/// </summary>
public sealed class PipelineMetricsConsumer(IDbContextFactory<OrchestratorDbContext> dbContextFactory) :
    IConsumer<StreamExtracted>, IConsumer<StreamProcessed>, IConsumer<StreamLoaded>, IConsumer<MartsBuilt>,
    IConsumer<RunCompleted>, IConsumer<RunFailed>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<StreamExtracted> context)
    {
        var m = context.Message;
        Step(m, StreamStep.Extract.Name(), m.DurationSeconds);
        Rows(m, "land", m.RowCount);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Consume(ConsumeContext<StreamProcessed> context)
    {
        var m = context.Message;
        Step(m, StreamStep.Process.Name(), m.DurationSeconds);
        Rows(m, "raw", m.RowCount);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Consume(ConsumeContext<StreamLoaded> context)
    {
        var m = context.Message;
        Step(m, StreamStep.Load.Name(), m.DurationSeconds);
        Rows(m, "trusted", m.Inserted + m.Updated + m.Deleted);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Consume(ConsumeContext<MartsBuilt> context)
    {
        PipelineMetrics.StepDuration.Record(context.Message.DurationSeconds,
            new KeyValuePair<string, object?>(PipelineMetrics.StepTag, "marts"));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Consume(ConsumeContext<RunCompleted> context)
    {
        PipelineMetrics.RunDuration.Record(context.Message.DurationSeconds,
            new KeyValuePair<string, object?>(PipelineMetrics.OutcomeTag, "completed"));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<RunFailed> context)
    {
        var m = context.Message;
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(context.CancellationToken);
        var createdAt = await dbContext.Runs.AsNoTracking()
            .Where(r => r.CorrelationId == m.RunId)
            .Select(r => (DateTimeOffset?)r.CreatedAt)
            .SingleOrDefaultAsync(context.CancellationToken);
        if (createdAt is { } start)
            PipelineMetrics.RunDuration.Record(Math.Max(0, (m.FailedAt - start).TotalSeconds),
                new KeyValuePair<string, object?>(PipelineMetrics.OutcomeTag, "failed"));
    }

    private static void Step(IStreamMessage m, string step, double seconds) =>
        PipelineMetrics.StepDuration.Record(seconds,
            new KeyValuePair<string, object?>(LakeTelemetry.SourceTag, m.Source),
            new KeyValuePair<string, object?>(LakeTelemetry.StreamTag, m.Stream),
            new KeyValuePair<string, object?>(PipelineMetrics.StepTag, step));

    private static void Rows(IStreamMessage m, string layer, long rows) =>
        PipelineMetrics.Rows.Add(rows,
            new KeyValuePair<string, object?>(LakeTelemetry.SourceTag, m.Source),
            new KeyValuePair<string, object?>(LakeTelemetry.StreamTag, m.Stream),
            new KeyValuePair<string, object?>(PipelineMetrics.LayerTag, layer));
}
