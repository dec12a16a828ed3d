using System.Diagnostics;
using System.Text;

namespace EcommerceLake.Testing.Fakes.Dataproc;

/// <summary>
/// Runs the generic PySpark driver (<c>services/processing/EcommerceLake.Processing/Dataproc/Driver/lake_driver.py</c>)
/// in local mode with <c>python3</c>, as the tests' stand-in for a Dataproc PySpark job: no pyspark is installed here,
/// so the driver types the land batch in its own process on plain paths, and reads <c>gs://bucket/name</c> as
/// <c>{gcsRoot}/bucket/name</c> when a root is given (the layout of the file-backed fake Cloud Storage).
/// The driver files are taken from the repository (found by walking up to <c>EcommerceLake.sln</c>).
/// </summary>
public static class PySparkDriverRunner
{
    /// <summary>The folder of <c>lake_driver.py</c> and <c>lake_typing.py</c>.</summary>
    public static string DriverDirectory =>
        Testing.RepositoryRoot.Combine("services", "processing", "EcommerceLake.Processing", "Dataproc", "Driver");

    /// <summary>Path of <c>lake_driver.py</c>, the job's main Python file.</summary>
    public static string DriverScript => Path.Combine(DriverDirectory, "lake_driver.py");

    /// <summary>Path of <c>lake_typing.py</c>, the job's extra Python file.</summary>
    public static string TypingScript => Path.Combine(DriverDirectory, "lake_typing.py");

    /// <summary>The stream spec file of <c>{source}.{stream}</c> in
    /// <c>shared/EcommerceLake.Streams/Specs</c>.</summary>
    public static string SpecFile(string source, string stream) =>
        Testing.RepositoryRoot.Combine("shared", "EcommerceLake.Streams", "Specs", $"{source}.{stream}.json");

    /// <summary>
    /// Runs <c>python3 lake_driver.py --spec … --land … --raw … --run-id … [--part-rows N]</c> and waits for it.
    /// </summary>
    /// <param name="spec">Spec URI or path.</param>
    /// <param name="land">Land batch folder URI or path.</param>
    /// <param name="raw">Raw batch folder URI or path.</param>
    /// <param name="runId">The run.</param>
    /// <param name="partRows">Rows per raw part, or null for the driver's default (250 000).</param>
    /// <param name="gcsRoot">Directory that backs <c>gs://</c> URIs (<c>LAKE_DRIVER_GCS_ROOT</c>), or null.</param>
    /// <param name="cancellationToken">Kills the process when cancelled.</param>
    /// <returns>Exit code (0 done, 1 failed, 2 bad arguments, 3 raw batch already finished), stdout and
    /// stderr.</returns>
    public static Task<Result> RunAsync(
        string spec, string land, string raw, Guid runId, int? partRows = null, string? gcsRoot = null,
        CancellationToken cancellationToken = default)
    {
        List<string> arguments = ["--spec", spec, "--land", land, "--raw", raw, "--run-id", runId.ToString()];
        if (partRows is { } rows)
            arguments.AddRange(["--part-rows", rows.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        return RunPythonAsync(DriverScript, arguments, gcsRoot, cancellationToken);
    }

    /// <summary>Runs <c>python3 lake_typing.py --conformance {casesFile}</c>; stdout holds the JSON results.</summary>
    public static Task<Result> RunTypingConformanceAsync(string casesFile,
        CancellationToken cancellationToken = default) =>
        RunPythonAsync(TypingScript, ["--conformance", casesFile], null, cancellationToken);

    /// <summary>Runs <c>python3 {script} {arguments}</c> (no bytecode written into the repository) and waits for
    /// it.</summary>
    /// <exception cref="InvalidOperationException">python3 cannot be started (run
    /// <c>scripts/ensure-packages.sh</c>).</exception>
    /// <param name="script">The Python file to run.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="gcsRoot">Directory that backs <c>gs://</c> URIs (<c>LAKE_DRIVER_GCS_ROOT</c>), or null.</param>
    /// <param name="cancellationToken">Kills the process when cancelled.</param>
    /// <param name="pythonPath">Directories for <c>PYTHONPATH</c> (Dataproc puts a job's <c>pythonFileUris</c> there),
    /// or null.</param>
    public static async Task<Result> RunPythonAsync(
        string script, IReadOnlyList<string> arguments, string? gcsRoot, CancellationToken cancellationToken,
        IReadOnlyList<string>? pythonPath = null)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        if (pythonPath is { Count: > 0 }) start.Environment["PYTHONPATH"] = string.Join(Path.PathSeparator, pythonPath);
        if (gcsRoot is null) start.Environment.Remove("LAKE_DRIVER_GCS_ROOT");
        else start.Environment["LAKE_DRIVER_GCS_ROOT"] = gcsRoot;

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                "python3 cannot be started; install it (scripts/ensure-packages.sh).", e);
        }
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>What a Python run gave back.</summary>
    /// <param name="ExitCode">The process exit code.</param>
    /// <param name="StandardOutput">Everything written to stdout.</param>
    /// <param name="StandardError">Everything written to stderr.</param>
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        /// <inheritdoc />
        public override string ToString() => $"exit {ExitCode}\nstdout: {StandardOutput}\nstderr: {StandardError}";
    }
}
