using Docker.DotNet.Models;
using DotNet.Testcontainers.Containers;

namespace EcommerceLake.Testing;

/// <summary>
/// What the Testcontainers fixtures (<see cref="PostgresDatabase"/>, <see cref="RabbitMqVirtualHost"/>,
/// <see cref="SshServer"/>) share: the image names, the loopback-only port publishing, the run label and the
/// removal, at process exit, of containers shared by every test class of an assembly.
/// </summary>
/// <remarks>
/// Image names are configuration: <c>LAKE_TEST_POSTGRES_IMAGE</c>, <c>LAKE_TEST_RABBITMQ_IMAGE</c> and
/// <c>LAKE_TEST_SFTP_IMAGE</c> default to the public images (pulled by Testcontainers on a machine that can reach
/// Docker Hub); scripts/test.sh sets them to the local images scripts/build-images.sh builds from Debian's packages.
/// Every container carries the label <see cref="RunLabel"/> = <c>LAKE_TEST_RUN_ID</c> (or <c>manual</c>), by which
/// scripts/test.sh removes whatever a killed test process left behind (it also disables Testcontainers' Ryuk
/// reaper, whose image cannot be pulled there).
/// </remarks>
public static class ServiceContainers
{
    /// <summary>Names the PostgreSQL image (default <c>postgres:15</c>; the local stand-in is
    /// lake/postgres:15).</summary>
    public const string PostgresImageVariable = "LAKE_TEST_POSTGRES_IMAGE";

    /// <summary>Names the RabbitMQ image with the management plugin (default <c>rabbitmq:3-management</c>).</summary>
    public const string RabbitMqImageVariable = "LAKE_TEST_RABBITMQ_IMAGE";

    /// <summary>Names the SFTP server image following atmoz/sftp's contract (default
    /// <c>atmoz/sftp:alpine</c>).</summary>
    public const string SftpImageVariable = "LAKE_TEST_SFTP_IMAGE";

    /// <summary>The label every test container carries; its value is <c>LAKE_TEST_RUN_ID</c> or
    /// <c>manual</c>.</summary>
    public const string RunLabel = "org.ecommercelake.test-run";

    /// <summary>The PostgreSQL image to run.</summary>
    public static string PostgresImage => Image(PostgresImageVariable, "postgres:15");

    /// <summary>The RabbitMQ image to run.</summary>
    public static string RabbitMqImage => Image(RabbitMqImageVariable, "rabbitmq:3-management");

    /// <summary>The SFTP server image to run.</summary>
    public static string SftpImage => Image(SftpImageVariable, "atmoz/sftp:alpine");

    /// <summary>
    /// The address the tests reach published ports on: 127.0.0.1, where <see cref="OnLoopback"/> publishes them
    /// (Testcontainers' own guess can be the bridge's gateway, where nothing listens), or
    /// <c>TESTCONTAINERS_HOST_OVERRIDE</c> when set.
    /// </summary>
    public static string Host =>
        Environment.GetEnvironmentVariable("TESTCONTAINERS_HOST_OVERRIDE") is { Length: > 0 } host ? host : "127.0.0.1";

    /// <summary>The value of <see cref="RunLabel"/> for this process.</summary>
    public static string RunId =>
        Environment.GetEnvironmentVariable("LAKE_TEST_RUN_ID") is { Length: > 0 } id ? id : "manual";

    /// <summary>
    /// Publishes every port of the container on 127.0.0.1 only (Testcontainers asks for all interfaces); pass to
    /// <c>WithCreateParameterModifier</c>. Also gives the container 512 MiB of /dev/shm (PostgreSQL's parallel
    /// queries keep their shared memory there; Docker's default is 64 MiB).
    /// </summary>
    public static void OnLoopback(CreateContainerParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.HostConfig ??= new HostConfig();
        parameters.HostConfig.ShmSize = 512L * 1024 * 1024;
        foreach (var bindings in parameters.HostConfig.PortBindings?.Values ?? [])
            foreach (var binding in bindings) binding.HostIP = "127.0.0.1";
    }

    /// <summary>
    /// Builds and starts a container; when <paramref name="shared"/>, also removes it when the test process exits
    /// (containers shared by a whole test assembly have no fixture that outlives every test class).
    /// </summary>
    /// <param name="build">Builds the container (Testcontainers checks the Docker engine while building).</param>
    /// <param name="what">What it runs, for the error message (e.g. "PostgreSQL").</param>
    /// <param name="imageVariable">The variable naming its image, for the error message.</param>
    /// <param name="shared">Remove it at process exit.</param>
    /// <returns>The running container.</returns>
    /// <exception cref="InvalidOperationException">No Docker engine answered, the image is missing and cannot be
    /// pulled, or the container did not become ready; the message names the image, its variable and the
    /// fix.</exception>
    public static async Task<TContainer> StartAsync<TContainer>(Func<TContainer> build, string what,
        string imageVariable, bool shared)
        where TContainer : IContainer
    {
        ArgumentNullException.ThrowIfNull(build);
        TContainer? container = default;
        try
        {
            container = build();
            await container.StartAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (container is not null) await container.DisposeAsync();
            throw new InvalidOperationException(
                $"Could not start the {what} test container from image " +
                $"'{Environment.GetEnvironmentVariable(imageVariable)}' ({imageVariable}; unset means the public " +
                $"image): {ex.GetType().Name}: {ex.Message} The tests need a Docker engine: run them through " +
                "scripts/test.sh, which installs and starts one from Debian's packages and builds local images " +
                "(scripts/build-images.sh), or start Docker and make sure the image can be " +
                $"pulled or set {imageVariable} to a local one. Docker Engine older than 25 needs DOCKER_API_VERSION " +
                "(1.41 for Debian's 20.10).", ex);
        }
        if (shared)
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
                Task.Run(async () => await container.DisposeAsync()).Wait(TimeSpan.FromSeconds(15));
        return container;
    }

    private static string Image(string variable, string publicImage) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } image ? image : publicImage;
}
