using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace EcommerceLake.Orchestrator.Offsets;

/// <summary>
/// Answers <see cref="GetCommittedOffsets"/> with <see cref="CommittedOffsetsReported"/>: the committed offsets of the
/// source's streams and the run holding the source, read from the orchestrator's tables (the single owner of offsets).
/// </summary>
public sealed class GetCommittedOffsetsConsumer(
    IDbContextFactory<OrchestratorDbContext> dbContextFactory, OrchestratorSchema schema)
    : IConsumer<GetCommittedOffsets>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<GetCommittedOffsets> context)
    {
        var source = context.Message.Source;
        await schema.WhenReadyAsync(context.CancellationToken);
        await using var dbContext = await dbContextFactory.CreateDbContextAsync(context.CancellationToken);
        var offsets = await dbContext.CommittedOffsets.AsNoTracking()
            .Where(o => o.Source == source)
            .ToDictionaryAsync(o => o.Stream, o => o.Offset, context.CancellationToken);
        var lease = await dbContext.SourceLeases.AsNoTracking()
            .Where(l => l.Source == source)
            .Select(l => (Guid?)l.RunId)
            .SingleOrDefaultAsync(context.CancellationToken);
        await context.RespondAsync(new CommittedOffsetsReported
        {
            Source = source,
            Offsets = offsets,
            ActiveRunId = lease,
        });
    }
}
