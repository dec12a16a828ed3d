namespace EcommerceLake.Orchestrator.Deadlines;

/// <summary>
/// Sent by <see cref="DeadlineSweeper"/> to the run saga: a deadline of run <paramref name="RunId"/> has passed (a
/// step's or the run's). The saga decides from its own state and clock what is due, so a duplicate or late message
/// changes nothing.
/// </summary>
/// <param name="RunId">The run (saga correlation id).</param>
public sealed record RunDeadlinesDue(Guid RunId) : Contracts.IRunMessage;
