using System.Net;
using System.Net.Sockets;
using EcommerceLake.Cli.Demo;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace EcommerceLake.Cli.Tests.Demo;

/// <summary>
/// <see cref="PrivatePostgresCluster.StartAsync"/> with Debian's PostgreSQL (installed by the test scripts): the
/// main job drops and recreates its databases, so it works only on its own cluster, never on whatever else listens
/// on the port.
/// </summary>
public sealed class When_the_private_cluster_starts : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"lake-cluster-{Guid.NewGuid():N}");

    [Fact]
    public async Task Should_refuse_a_port_another_cluster_answers_on_and_reuse_its_own()
    {
        var port = FreePort();
        var own = new PrivatePostgresCluster(Path.Combine(_root, "own"), port, NullLogger.Instance);
        var other = new PrivatePostgresCluster(Path.Combine(_root, "other"), port, NullLogger.Instance);
        await own.StartAsync(CancellationToken.None);
        try
        {
            var refused = () => other.StartAsync(CancellationToken.None);

            (await refused.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should()
                .Contain($"127.0.0.1:{port} answers as another PostgreSQL cluster")
                .And.Contain(Path.Combine(_root, "own", "data")).And.Contain("--pg-port");
            await own.StartAsync(CancellationToken.None);
            Directory.Exists(Path.Combine(_root, "other", "data")).Should().BeFalse("nothing was initialized");
        }
        finally
        {
            await own.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Should_refuse_a_port_a_program_that_is_not_postgresql_holds()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var cluster = new PrivatePostgresCluster(Path.Combine(_root, "pg"), port, NullLogger.Instance);

        var start = () => cluster.StartAsync(CancellationToken.None);

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should()
            .Contain($"127.0.0.1:{port} is taken by a program that is not a PostgreSQL server")
            .And.Contain("--pg-port");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
