using EcommerceLake.Testing.Fakes.PubSub;

namespace EcommerceLake.Testing;

/// <summary>
/// Pub/Sub for a multi-process test: the contract fake (<see cref="FakePubSubServer"/>) in the test process, which the
/// hosts reach as their emulator (<c>Bus:PubSub:EmulatorHost</c>), under a prefix of the test's own. Ack deadline 10 s
/// (Pub/Sub's minimum: a killed host's messages come back within it) and a 1–5 s retry back-off.
/// </summary>
public sealed class PubSubTestBus : ITestBus
{
    /// <summary>The project id the hosts use.</summary>
    public const string Project = "lake-test";

    private PubSubTestBus(FakePubSubServer fake)
    {
        Fake = fake;
    }

    /// <summary>The fake the hosts talk to.</summary>
    public FakePubSubServer Fake { get; }

    /// <summary>This test's resource-name prefix.</summary>
    public string Prefix { get; } = $"t{Guid.NewGuid():N}"[..12] + "-";

    /// <inheritdoc />
    public string Transport => "PubSub";

    /// <summary>Starts a fake of its own.</summary>
    public static async Task<PubSubTestBus> StartAsync() => new(await FakePubSubServer.StartAsync());

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string?> BusSettings() => new Dictionary<string, string?>
    {
        ["Bus:Transport"] = "PubSub",
        ["Bus:PubSub:ProjectId"] = Project,
        ["Bus:PubSub:EmulatorHost"] = Fake.EmulatorHost,
        ["Bus:PubSub:Prefix"] = Prefix,
        ["Bus:PubSub:AckDeadlineSeconds"] = "10",
        ["Bus:PubSub:MinimumBackoffSeconds"] = "1",
        ["Bus:PubSub:MaximumBackoffSeconds"] = "5",
        ["Bus:PubSub:ShutdownTimeoutSeconds"] = "5",
        ["Bus:PubSub:RetryDelayMilliseconds"] = "100",
    };

    /// <summary>Messages not yet acknowledged on this test's subscriptions, <c>_error</c> ones excepted: zero once
    /// every message was handled.</summary>
    public int Unhandled() => Fake.Subscriptions
        .Where(s => s.Contains("/" + Prefix, StringComparison.Ordinal)
            && !s.EndsWith("_error", StringComparison.Ordinal))
        .Select(Fake.Inspect)
        .Sum(s => s is null ? 0 : s.Backlog.Count + s.Outstanding.Count);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Fake.DisposeAsync();
}
