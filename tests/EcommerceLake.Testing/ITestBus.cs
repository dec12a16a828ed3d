namespace EcommerceLake.Testing;

/// <summary>
/// A message bus a multi-process test runs its hosts on, chosen by configuration alone: a RabbitMQ virtual host
/// (<see cref="RabbitMqVirtualHost"/>) or Pub/Sub's contract fake with a prefix of its own
/// (<see cref="PubSubTestBus"/>).
/// </summary>
public interface ITestBus : IAsyncDisposable
{
    /// <summary>The value of <c>Bus:Transport</c>: <c>RabbitMq</c> or <c>PubSub</c>.</summary>
    string Transport { get; }

    /// <summary>Configuration keys that point a host's bus at this bus.</summary>
    IReadOnlyDictionary<string, string?> BusSettings();
}

/// <summary>Starts the test bus of a transport by name, for theories over the transports.</summary>
public static class TestBuses
{
    /// <summary>The transports the multi-process tests run on.</summary>
    public static TheoryTransports All => new();

    /// <summary>Starts a fresh bus of <paramref name="transport"/> (<c>RabbitMq</c> or <c>PubSub</c>).</summary>
    public static async Task<ITestBus> StartAsync(string transport)
    {
        switch (transport)
        {
            case "RabbitMq":
                var vhost = new RabbitMqVirtualHost();
                await vhost.InitializeAsync();
                return vhost;
            case "PubSub":
                return await PubSubTestBus.StartAsync();
            default:
                throw new ArgumentException($"Unknown transport {transport}.", nameof(transport));
        }
    }
}

/// <summary>xunit data: one row per transport.</summary>
public sealed class TheoryTransports : Xunit.TheoryData<string>
{
    /// <summary>RabbitMq and PubSub.</summary>
    public TheoryTransports()
    {
        Add("RabbitMq");
        Add("PubSub");
    }
}
