namespace EcommerceLake.Testing.Fakes.PubSub;

/// <summary>
/// One request the fake received: its arrival number (1-based), HTTP method, decoded path, the operation it was
/// routed to, and the status answered (0 while in flight or when the connection was dropped).
/// </summary>
public sealed record FakePubSubRequest(int Number, string Method, string Path, FakePubSubOperation? Operation)
{
    /// <summary>HTTP status answered; 0 when the connection was aborted or no answer was given yet.</summary>
    public int Status { get; set; }
}
