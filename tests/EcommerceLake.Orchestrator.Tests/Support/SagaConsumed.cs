namespace EcommerceLake.Orchestrator.Tests.Support;

/// <summary>A message the run saga's endpoint finished consuming (successfully or not).</summary>
public sealed record SagaConsumed(Guid? MessageId, object Message, bool Faulted);
