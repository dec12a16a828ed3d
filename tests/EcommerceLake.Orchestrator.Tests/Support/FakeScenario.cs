using System.Collections.Concurrent;

namespace EcommerceLake.Orchestrator.Tests.Support;

/// <summary>What the fake ingestion, processing and warehouse services do.</summary>
public sealed class FakeScenario
{
    /// <summary>"source.stream" → the step that fails for it: extract, process or load.</summary>
    public ConcurrentDictionary<string, string> Failures { get; } = new();

    /// <summary>"source.stream" → a gate the fake warehouse awaits before answering LoadStream.</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> LoadGates { get; } = new();

    /// <summary>When true the fake warehouse records LoadStream and never answers (the test publishes
    /// StreamLoaded).</summary>
    public bool HoldLoads { get; set; }

    /// <summary>"source.stream" → the data-quality check outcomes the fake warehouse reports in StreamLoaded.</summary>
    public ConcurrentDictionary<string, IReadOnlyList<Contracts.CheckOutcome>> Checks { get; } = new();

    /// <summary>"source.stream" → the schema drift the fake ingestion reports in StreamExtracted (none: null).
    /// </summary>
    public ConcurrentDictionary<string, Contracts.SchemaDrift> Drift { get; } = new();

    /// <summary>A gate the fake warehouse awaits before answering BuildMarts, or null.</summary>
    public TaskCompletionSource? MartsGate { get; set; }

    /// <summary>When true BuildMarts is answered with MartsBuildFailed.</summary>
    public bool FailMarts { get; set; }

    /// <summary>"source.stream.step" → how many of that step's commands the fake still drops without answering (a
    /// service that died, or a command lost on the way).</summary>
    public ConcurrentDictionary<string, int> Unanswered { get; } = new();

    /// <summary>"source.stream.step" keys whose fake consumer throws, so the bus publishes
    /// <c>Fault&lt;T&gt;</c>.</summary>
    public ConcurrentDictionary<string, bool> Broken { get; } = new();

    /// <summary>True (and one drop used up) when the fake must not answer this command; throws for a broken step.
    /// </summary>
    public bool Ignores(string source, string stream, string step)
    {
        var key = $"{source}.{stream}.{step}";
        if (Broken.ContainsKey(key)) throw new InvalidOperationException($"fake {step} is broken");
        while (Unanswered.TryGetValue(key, out var left) && left > 0)
            if (Unanswered.TryUpdate(key, left - 1, left)) return true;
        return false;
    }

    /// <summary>"source.stream" keys whose extraction finds nothing new (0 rows): a run that brings no data.</summary>
    public ConcurrentDictionary<string, bool> Empty { get; } = new();

    public bool Fails(string source, string stream, string step) =>
        Failures.TryGetValue($"{source}.{stream}", out var failing) && failing == step;

    /// <summary>Opens every gate (<see cref="LoadGates"/>, <see cref="MartsGate"/>): a test that failed before opening
    /// its own would otherwise hold a consumer, and with it the bus's stop, for ever.</summary>
    public void ReleaseGates()
    {
        foreach (var gate in LoadGates.Values) gate.TrySetResult();
        MartsGate?.TrySetResult();
    }

    /// <summary>The offset the fake ingestion reports for a run: it names the run, so tests can tell which run
    /// committed it.</summary>
    public static string OffsetOf(Guid runId) => $"{{\"through_run\":\"{runId:N}\"}}";
}
