using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Orchestrator.Deadlines;

/// <summary>
/// Configuration section <c>Orchestrator:Deadlines</c>: how long the run saga waits for an answer before it sends a
/// command again or gives up. Every deadline ends in a terminal state (the stream or run Failed with
/// <c>TimedOut</c>, leases released, cluster deleted, <c>run-failed</c> alert).
/// </summary>
public sealed class DeadlineOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Orchestrator:Deadlines";

    /// <summary>
    /// <c>Orchestrator:Deadlines:Step</c>: how long one attempt of a step (extract, process, load, marts) may go
    /// unanswered, from the moment its command was sent. Default 30 minutes; 1 second to 7 days.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Step { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// <c>Orchestrator:Deadlines:Attempts</c>: how many times a step's command is sent in all (the first send
    /// included) before the stream fails with <c>TimedOut</c>. Default 3; 1 to 100.
    /// </summary>
    [Range(1, 100)]
    public int Attempts { get; set; } = 3;

    /// <summary>
    /// <c>Orchestrator:Deadlines:Run</c>: the longest a run may take from its acceptance; past it every unfinished
    /// stream fails with <c>TimedOut</c>. Default 6 hours; 1 second to 30 days.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan Run { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// <c>Orchestrator:Deadlines:SweepInterval</c>: how often <see cref="DeadlineSweeper"/> looks for passed
    /// deadlines; a deadline is acted on at most this late. Default 15 seconds; 100 ms to 1 hour.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);
}
