using System.Diagnostics;
using Xunit;

namespace EcommerceLake.Testing;

/// <summary>
/// A fresh virtual host on the real RabbitMQ broker started by scripts/start-test-services.sh, so a test's exchanges
/// and queues never meet another test's. Created with <c>rabbitmqctl add_vhost</c> and deleted afterwards.
/// </summary>
public sealed class RabbitMqVirtualHost : IAsyncLifetime, ITestBus
{
    /// <summary>The virtual host's name.</summary>
    public string Name { get; } = $"lake-test-{Guid.NewGuid():N}";

    /// <summary>Broker host (from <c>LAKE_TEST_RABBITMQ</c>, default 127.0.0.1).</summary>
    public string Host => Broker.Host;

    /// <summary>Broker port.</summary>
    public int Port => Broker.Port;

    private static Uri Broker => new(Environment.GetEnvironmentVariable("LAKE_TEST_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:5672/");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await RabbitMqCtl("add_vhost", Name);
        await RabbitMqCtl("set_permissions", "-p", Name, "guest", ".*", ".*", ".*");
    }

    /// <inheritdoc />
    public Task DisposeAsync() => RabbitMqCtl("delete_vhost", Name);

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
        ["Bus:RabbitMq:Username"] = "guest",
        ["Bus:RabbitMq:Password"] = "guest",
    };

    private static async Task RabbitMqCtl(params string[] args)
    {
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-q");
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', args)} failed: {await error}");
    }
}
