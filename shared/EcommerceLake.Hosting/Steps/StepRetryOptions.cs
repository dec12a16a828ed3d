using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Hosting.Steps;

/// <summary>
/// Configuration section <c>Bus:StepRetry</c>: the message retry of the step consumers (extract, process, load,
/// build marts). A transient failure is retried in the consumer's endpoint with exponential back-off
/// (MassTransit's <c>Exponential</c> policy: attempt <c>n</c> waits about <c>MinInterval + 2^n × IntervalDelta</c>,
/// capped at <c>MaxInterval</c>, with jitter); when the retries run out the command goes to the endpoint's
/// <c>_error</c> queue and MassTransit publishes <c>Fault&lt;TCommand&gt;</c>. The defaults retry 5 times over
/// roughly 40 seconds. Validated at start; messages name the key.
/// </summary>
public sealed class StepRetryOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Bus:StepRetry";

    /// <summary><c>Bus:StepRetry:Limit</c>: retries after the first attempt, 0 to 20 (0: none). Default 5.</summary>
    [Range(0, 20)]
    public int Limit { get; set; } = 5;

    /// <summary><c>Bus:StepRetry:MinInterval</c>: the base wait, 0 to 10 minutes. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary><c>Bus:StepRetry:MaxInterval</c>: the longest wait, at least <c>MinInterval</c>, at most 10
    /// minutes. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>Bus:StepRetry:IntervalDelta</c>: the step that doubles each attempt, 0 to 10 minutes.
    /// Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan IntervalDelta { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary><c>Bus:StepRetry:ProgressInterval</c>: how often a running step publishes
    /// <see cref="Contracts.StepProgressed"/>, 1 second to 1 hour; keep it well under the orchestrator's
    /// <c>Orchestrator:Deadlines:Step</c>. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMinutes(1);
}
