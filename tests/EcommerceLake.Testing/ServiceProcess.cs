using System.Diagnostics;
using System.Text;

namespace EcommerceLake.Testing;

/// <summary>
/// One service host run as its own OS process (<c>dotnet EcommerceLake.X.Host.dll</c>) with configuration passed as
/// environment variables (<c>Section__Key</c>). Output is kept for failure messages; the process is killed on dispose.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The host's name (for example <c>ingestion</c>).</summary>
    public string Name { get; }

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>What the process printed so far.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Starts the host of <paramref name="service"/> (<c>Ingestion</c>, <c>Processing</c>, <c>Warehouse</c>,
    /// <c>Orchestrator</c>).</summary>
    /// <exception cref="FileNotFoundException">The host was not built (build the solution first).</exception>
    public static ServiceProcess Start(string service, IReadOnlyDictionary<string, string?> settings)
    {
        var dll = HostAssembly(service);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        return new ServiceProcess(service.ToLowerInvariant(), Process.Start(start)!);
    }

    /// <summary>The path of the built host assembly, in the same configuration as the running tests.</summary>
    public static string HostAssembly(string service)
    {
        var configuration = AppContext.BaseDirectory.Contains(
            $"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release" : "Debug";
        var root = Testing.RepositoryRoot.Path;
        var dll = Path.Combine(root, "services", service.ToLowerInvariant(), $"EcommerceLake.{service}.Host", "bin",
            configuration, "net10.0", $"EcommerceLake.{service}.Host.dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException(
                $"Host assembly {dll} is missing; build the solution ({configuration}) first.", dll);
    }

    /// <summary>Kills the process and its children at once (SIGKILL, no graceful stop) and waits for the
    /// exit.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
