namespace EcommerceLake.Orchestrator.Tests.Support;

/// <summary>A message a receive endpoint (other than the saga's) finished consuming.</summary>
public sealed record EndpointConsumed(string Endpoint, Guid? MessageId, object Message, bool Faulted);
