using Xunit;

namespace EcommerceLake.Testing;

/// <summary>
/// A fresh virtual host on the test process's RabbitMQ broker (<see cref="RabbitMqBroker"/>), so a test's exchanges
/// and queues never meet another test's. Created with <c>rabbitmqctl add_vhost</c> (the broker's administrator gets
/// every permission on it) and deleted afterwards.
/// </summary>
public sealed class RabbitMqVirtualHost : IAsyncLifetime, ITestBus
{
    private RabbitMqBroker? _broker;

    /// <summary>The virtual host's name.</summary>
    public string Name { get; } = $"lake-test-{Guid.NewGuid():N}";

    /// <summary>The broker, once <see cref="InitializeAsync"/> ran.</summary>
    /// <exception cref="InvalidOperationException">The fixture is not initialized.</exception>
    public RabbitMqBroker Broker =>
        _broker ?? throw new InvalidOperationException("The virtual host is not created yet.");

    /// <summary>Broker host.</summary>
    public string Host => Broker.Host;

    /// <summary>Broker AMQP port.</summary>
    public int Port => Broker.Port;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _broker = await RabbitMqBroker.GetAsync();
        await _broker.RabbitMqCtlAsync("-q", "add_vhost", Name);
        await _broker.RabbitMqCtlAsync("-q", "set_permissions", "-p", Name, _broker.Username, ".*", ".*", ".*");
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_broker is not null) await _broker.RabbitMqCtlAsync("-q", "delete_vhost", Name);
    }

    /// <inheritdoc />
    public string Transport => "RabbitMq";

    /// <inheritdoc />
    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    /// <summary>Configuration keys that point a host's bus at this virtual host.</summary>
    public IReadOnlyDictionary<string, string?> BusSettings() => new Dictionary<string, string?>
    {
        ["Bus:Transport"] = "RabbitMq",
        ["Bus:RabbitMq:Host"] = Host,
        ["Bus:RabbitMq:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Bus:RabbitMq:VirtualHost"] = Name,
        ["Bus:RabbitMq:Username"] = Broker.Username,
        ["Bus:RabbitMq:Password"] = Broker.Password,
    };
}
