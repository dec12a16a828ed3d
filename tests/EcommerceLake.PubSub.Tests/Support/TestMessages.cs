namespace EcommerceLake.PubSub.Tests.Support;

/// <summary>An event the transport tests publish.</summary>
public sealed record ThingHappened
{
    public required int Number { get; init; }
    public string Payload { get; init; } = "";
}

/// <summary>A command the transport tests send to an endpoint.</summary>
public sealed record DoThing
{
    public required int Number { get; init; }
}
