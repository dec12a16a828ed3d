using EcommerceLake.Contracts;
using MassTransit;

namespace EcommerceLake.Cli.Embedded;

/// <summary>Feeds every run and stream event to the <see cref="RunWatcher"/>.</summary>
public sealed class RunEventConsumer(RunWatcher watcher) :
    IConsumer<RunAccepted>, IConsumer<RunRefused>, IConsumer<RunCompleted>, IConsumer<RunFailed>,
    IConsumer<StreamExtracted>, IConsumer<StreamExtractionFailed>, IConsumer<StreamProcessed>,
        IConsumer<StreamProcessingFailed>,
    IConsumer<StreamLoaded>, IConsumer<StreamLoadFailed>, IConsumer<MartsBuilt>, IConsumer<MartsBuildFailed>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<RunAccepted> context) => watcher.OnAsync(context.Message);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<RunRefused> context) => watcher.OnAsync(context.Message);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<RunCompleted> context) => watcher.OnAsync(context.Message);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<RunFailed> context) => watcher.OnAsync(context.Message);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<StreamExtracted> context) => watcher.OnAsync(context.Message);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<StreamExtractionFailed> context) => watcher.OnAsync(context.Message);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<StreamProcessed> context) => watcher.OnAsync(context.Message);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<StreamProcessingFailed> context) => watcher.OnAsync(context.Message);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<StreamLoaded> context) => watcher.OnAsync(context.Message);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<StreamLoadFailed> context) => watcher.OnAsync(context.Message);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<MartsBuilt> context) => watcher.OnAsync(context.Message);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<MartsBuildFailed> context) => watcher.OnAsync(context.Message);
}
