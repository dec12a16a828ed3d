using System.Diagnostics;
using DotNet.Testcontainers.Containers;
using Testcontainers.RabbitMq;

namespace EcommerceLake.Testing;

/// <summary>
/// The RabbitMQ broker of one test process: a Testcontainers container (<see cref="ServiceContainers.RabbitMqImage"/>,
/// AMQP 5672 published on a free port of 127.0.0.1) started by the first
/// <see cref="RabbitMqVirtualHost"/> and removed when the process exits; virtual hosts isolate the tests. When
/// <c>LAKE_TEST_RABBITMQ</c> holds an AMQP URI (the broker scripts/start-test-services.sh starts, for a machine without
/// Docker), that broker is used and managed with the local <c>rabbitmqctl</c>.
/// </summary>
public sealed class RabbitMqBroker
{
    private static readonly Lazy<Task<RabbitMqBroker>> Shared = new(StartAsync);
    private readonly IContainer? _container;

    private RabbitMqBroker(string host, int port, string username, string password, IContainer? container)
    {
        Host = host;
        Port = port;
        Username = username;
        Password = password;
        _container = container;
    }

    /// <summary>The host the broker's AMQP port is reached on.</summary>
    public string Host { get; }

    /// <summary>The AMQP port.</summary>
    public int Port { get; }

    /// <summary>An administrator's user name (it is granted every virtual host the fixtures create).</summary>
    public string Username { get; }

    /// <summary>The administrator's password.</summary>
    public string Password { get; }

    /// <summary>The process's broker, started on first use.</summary>
    /// <exception cref="InvalidOperationException">No container could be started (see
    /// <see cref="ServiceContainers.StartAsync{TContainer}"/>).</exception>
    public static Task<RabbitMqBroker> GetAsync() => Shared.Value;

    /// <summary>
    /// Runs <c>rabbitmqctl</c> with <paramref name="args"/> against the broker (inside its container, or locally for
    /// an external broker) and returns what it printed on stdout.
    /// </summary>
    /// <exception cref="InvalidOperationException">rabbitmqctl exited non-zero; the message holds its
    /// stderr.</exception>
    public async Task<string> RabbitMqCtlAsync(params string[] args)
    {
        if (_container is not null)
        {
            var result = await _container.ExecAsync(["rabbitmqctl", .. args]);
            if (result.ExitCode != 0)
                throw new InvalidOperationException(
                    $"rabbitmqctl {string.Join(' ', args)} failed: {result.Stderr}{result.Stdout}");
            return result.Stdout;
        }
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', args)} failed: {await error}");
        return await output;
    }

    private static async Task<RabbitMqBroker> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("LAKE_TEST_RABBITMQ") is { Length: > 0 } external)
        {
            var uri = new Uri(external);
            var credentials = Uri.UnescapeDataString(uri.UserInfo).Split(':', 2);
            return new RabbitMqBroker(
                uri.Host, uri.Port, credentials[0], credentials.ElementAtOrDefault(1) ?? "", null);
        }
        const string user = "lake", password = "lake-test";
        var container = await ServiceContainers.StartAsync(() => new RabbitMqBuilder(ServiceContainers.RabbitMqImage)
            .WithUsername(user)
            .WithPassword(password)
            .WithPortBinding(RabbitMqBuilder.RabbitMqPort, true)
            .WithLabel(ServiceContainers.RunLabel, ServiceContainers.RunId)
            .WithCreateParameterModifier(ServiceContainers.OnLoopback)
            .Build(), "RabbitMQ", ServiceContainers.RabbitMqImageVariable, shared: true);
        return new RabbitMqBroker(ServiceContainers.Host, container.GetMappedPublicPort(RabbitMqBuilder.RabbitMqPort),
            user, password, container);
    }
}
