using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Net.Client;
using Zetasql.LocalService;

namespace EcommerceLake.Testing.ZetaSql;

/// <summary>
/// Google's ZetaSQL analyzer (BigQuery's SQL front end) as a local gRPC server: the linux-x64
/// <c>lib/zetasql/remote_server.so &lt;host&gt; &lt;port&gt;</c> of npm <c>@fivetrandevelopers/zetasql</c> 1.13.0,
/// started on a free loopback port and spoken to over plaintext HTTP/2 with the client generated from the package's
/// <c>local_service.proto</c> (service <c>zetasql.local_service.ZetaSqlLocalService</c>). Killed on dispose.
/// </summary>
public sealed class ZetaSqlServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly GrpcChannel _channel;

    private ZetaSqlServer(Process process, GrpcChannel channel)
    {
        _process = process;
        _channel = channel;
        Client = new ZetaSqlLocalService.ZetaSqlLocalServiceClient(channel);
    }

    /// <summary>The generated gRPC client (Analyze, Parse, …).</summary>
    public ZetaSqlLocalService.ZetaSqlLocalServiceClient Client { get; }

    /// <summary>Starts the server and waits (up to 30 s) until it prints that it listens.</summary>
    /// <exception cref="FileNotFoundException">The npm package is not installed (run
    /// <c>bash scripts/setup-conformance.sh</c>).</exception>
    /// <exception cref="InvalidOperationException">The server exited or did not listen in time (its output is in the
    /// message).</exception>
    public static async Task<ZetaSqlServer> StartAsync()
    {
        var binary = ServerBinary();
        var port = FreePort();
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("127.0.0.1");
        info.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var output = new StringBuilder();
        void Read(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
            if (line.Contains("listening", StringComparison.OrdinalIgnoreCase)) listening.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException(
            $"The ZetaSQL server exited with {process.ExitCode}: {output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            process.Kill();
            throw new InvalidOperationException($"The ZetaSQL server did not listen within 30 s: {output}");
        }
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}", new GrpcChannelOptions
        {
            MaxReceiveMessageSize = 256 * 1024 * 1024,
        });
        return new ZetaSqlServer(process, channel);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    /// <summary>
    /// <c>tests/conformance/google/node_modules/@fivetrandevelopers/zetasql/lib/zetasql/remote_server.so</c> in the
    /// repository above the test binaries.
    /// </summary>
    /// <exception cref="FileNotFoundException">Not installed; the message names the command that installs
    /// it.</exception>
    public static string ServerBinary()
    {
        string[] parts = ["tests", "conformance", "google", "node_modules", "@fivetrandevelopers", "zetasql", "lib",
            "zetasql", "remote_server.so"];
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EcommerceLake.sln")))
            {
                var binary = Path.Combine([dir.FullName, .. parts]);
                return File.Exists(binary) ? binary : throw new FileNotFoundException(
                    $"{binary} is missing: the conformance packages are not installed. Run " +
                    "'bash scripts/setup-conformance.sh' (npm ci in tests/conformance/google; " +
                    "scripts/test.sh runs it).",
                    binary);
            }
        throw new DirectoryNotFoundException($"EcommerceLake.sln was not found above {AppContext.BaseDirectory}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
