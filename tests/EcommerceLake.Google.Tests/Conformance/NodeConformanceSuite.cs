using System.Diagnostics;
using System.Text;
using EcommerceLake.Testing;

namespace EcommerceLake.Google.Tests.Conformance;

/// <summary>
/// Runs one suite of <c>tests/conformance/google/*.test.mjs</c> with Node's test runner (<c>node --test</c>): Google's
/// own client library driving one of our fakes. The suite's output (TAP-like spec report) is the failure message.
/// </summary>
public static class NodeConformanceSuite
{
    /// <summary>Runs <paramref name="file"/> with <paramref name="environment"/> and returns its exit code and output.
    /// </summary>
    /// <exception cref="FileNotFoundException">The npm packages are not installed (run
    /// <c>bash scripts/setup-conformance.sh</c>) — the suite fails, it is never skipped.</exception>
    public static async Task<(int ExitCode, string Output)> RunAsync(string file,
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        ConformancePackages.RequireGoogle("@google-cloud", "storage", "package.json");
        ConformancePackages.RequireGoogle("@google-cloud", "bigquery", "package.json");
        ConformancePackages.RequireGoogle("@google-cloud", "dataproc", "package.json");
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = ConformancePackages.Google,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--test", "--test-reporter=spec", "--test-concurrency=1", file })
            info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            lock (output) return (-1, $"node --test {file} did not finish within {timeout}:\n{output}");
        }
        process.WaitForExit();
        lock (output) return (process.ExitCode, output.ToString());
    }
}
