using EcommerceLake.Contracts;
using EcommerceLake.Testing.Bus;
using MassTransit;

namespace EcommerceLake.Orchestrator.Tests.Support;

/// <summary>Answers LoadStream with StreamLoaded / StreamLoadFailed (or holds it), either with the scenario's check
/// outcomes (a failure with outcomes is a <see cref="FailureKind.SourceData"/> one, as a failed error check), and
/// BuildMarts with MartsBuilt / MartsBuildFailed.</summary>
public sealed class FakeWarehouse(FakeScenario scenario, MessageLog log) : IConsumer<LoadStream>, IConsumer<BuildMarts>
{
    public async Task Consume(ConsumeContext<LoadStream> context)
    {
        var m = context.Message;
        log.Add(m);
        if (scenario.HoldLoads) return;
        if (scenario.LoadGates.TryGetValue($"{m.Source}.{m.Stream}", out var gate)) await gate.Task;
        if (scenario.Ignores(m.Source, m.Stream, "load")) return;
        if (scenario.Fails(m.Source, m.Stream, "load"))
        {
            await context.Publish(new StreamLoadFailed
            {
                RunId = m.RunId,
                Source = m.Source,
                Stream = m.Stream,
                Error = "fake load error",
                Kind = scenario.Checks.ContainsKey($"{m.Source}.{m.Stream}")
                    ? FailureKind.SourceData
                    : FailureKind.Internal,
                Checks = ChecksOf(m),
            });
            return;
        }
        await context.Publish(Loaded(m) with { Checks = ChecksOf(m) });
    }

    private IReadOnlyList<CheckOutcome> ChecksOf(LoadStream m) =>
        scenario.Checks.TryGetValue($"{m.Source}.{m.Stream}", out var checks) ? checks : [];

    public async Task Consume(ConsumeContext<BuildMarts> context)
    {
        log.Add(context.Message);
        if (scenario.MartsGate is { } gate) await gate.Task;
        var chain = context.Message.Chain;
        if (scenario.FailMarts)
            await context.Publish(new MartsBuildFailed
            {
                RunId = context.Message.RunId, Chain = chain, Error = "fake marts error",
            });
        else
            await context.Publish(new MartsBuilt
            {
                RunId = context.Message.RunId,
                Chain = chain,
                RowCounts = RowCounts(chain),
                DurationSeconds = 0.75,
            });
    }

    /// <summary>The mart row counts the fake warehouse reports for a build of <paramref name="chain"/> (null: every
    /// chain): <c>daily_sales</c> 3 for the orders chain, <c>review_word_counts</c> 2 for the reviews chain.</summary>
    public static Dictionary<string, long> RowCounts(MartsChainName? chain)
    {
        var counts = new Dictionary<string, long>();
        if (chain is null or MartsChainName.Orders) counts["daily_sales"] = 3;
        if (chain is null or MartsChainName.Reviews) counts["review_word_counts"] = 2;
        return counts;
    }

    /// <summary>The StreamLoaded the fake warehouse answers for <paramref name="command"/>.</summary>
    public static StreamLoaded Loaded(LoadStream command) =>
        new()
        {
            RunId = command.RunId,
            Source = command.Source,
            Stream = command.Stream,
            RawRowCount = 9,
            TrustedRowCount = 100,
            Inserted = 7,
            Updated = 2,
            Deleted = 0,
            DurationSeconds = 1.5,
        };
}
