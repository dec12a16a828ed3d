namespace EcommerceLake.Orchestrator.Deadlines;

/// <summary>
/// Sent by <see cref="DeadlineSweeper"/> to the run saga: a deadline of run <paramref name="RunId"/> has passed (a
/// step's or the run's), or — with <paramref name="Recovering"/> — the orchestrator has just started and every command
/// still awaited is to be sent again, since a crash between the saga's commit and the bus publish may have lost it.
/// The saga decides from its own state and clock what is due, so a duplicate or late message changes nothing.
/// </summary>
/// <param name="RunId">The run (saga correlation id).</param>
/// <param name="Recovering">True on the sweeper's first pass after start.</param>
public sealed record RunDeadlinesDue(Guid RunId, bool Recovering) : Contracts.IRunMessage;
