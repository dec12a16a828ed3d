using System.Globalization;
using EcommerceLake.Lake;
using EcommerceLake.Processing.InProcess;
using EcommerceLake.Streams;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceLake.Testing.Fakes.Dataproc;

/// <summary>Job runners for <see cref="FakeDataprocServer.JobRunner"/>: what a fake PySpark job does in one
/// attempt.</summary>
public static class FakeJobRunners
{
    /// <summary>
    /// Does what <c>lake_driver.py</c> does, with the C# in-process typing (so tests need no python): reads the driver
    /// arguments <c>--spec --land --raw --run-id [--part-rows]</c>, and writes the raw batch (parts, quarantine,
    /// manifest last) at <c>--raw</c> from the land batch at <c>--land</c>, typed with the spec at <c>--spec</c>. A raw
    /// batch already finished is left as it is. URIs are mapped back to lake paths through <paramref name="lake"/>'s
    /// <see cref="ILakeStore.Describe"/>; without a lake, <c>file://</c> URIs are read from disk, the lake root being
    /// the folder above <c>raw/{table}/ingest_date=…/{run}</c>. A failure ends the job in ERROR with the exception's
    /// message, as a crashing driver would.
    /// </summary>
    public static Func<FakeDataprocJob, CancellationToken, Task<FakeJobOutcome>> InProcess(
        ILakeStore? lake = null) => async (job, ct) =>
    {
        try
        {
            var (specUri, landUri, rawUri) = (Required(job, "spec"), Required(job, "land"), Required(job, "raw"));
            var runId = Guid.Parse(Required(job, "run-id"));
            var partRows = job.Arg("part-rows") is { } rows ? int.Parse(rows, CultureInfo.InvariantCulture) : 250_000;

            ILakeStore store;
            string specPath, landPath, rawPath;
            if (lake is not null)
            {
                var prefix = lake.Describe("x")[..^1];
                string ToPath(string uri) => uri.StartsWith(prefix, StringComparison.Ordinal)
                    ? Uri.UnescapeDataString(uri[prefix.Length..])
                    : throw new InvalidOperationException($"'{uri}' is not in the lake {prefix}.");
                (store, specPath, landPath, rawPath) = (lake, ToPath(specUri), ToPath(landUri), ToPath(rawUri));
            }
            else
            {
                var raw = LocalPath(rawUri).Replace('\\', '/').TrimEnd('/');
                var segments = raw.Split('/');
                if (segments.Length < 5) throw new InvalidOperationException($"'{rawUri}' is not a raw batch folder.");
                var root = string.Join('/', segments[..^4]);
                string Relative(string uri)
                {
                    var path = LocalPath(uri).Replace('\\', '/');
                    return path.StartsWith(root + "/", StringComparison.Ordinal)
                        ? path[(root.Length + 1)..]
                        : throw new InvalidOperationException($"'{uri}' is not under the lake root {root}.");
                }
                (store, specPath, landPath, rawPath) =
                    (new LocalLakeStore(root), Relative(specUri), Relative(landUri), string.Join('/', segments[^4..]));
            }

            string specJson;
            await using (var stream = await store.OpenReadAsync(specPath, ct))
            using (var reader = new StreamReader(stream))
                specJson = await reader.ReadToEndAsync(ct);
            var spec = StreamCatalog.Parse(specJson, specUri);

            if (await LakeBatchReader.TryReadManifestAsync(store, rawPath, ct) is not null) return FakeJobOutcome.Done;
            var land = await LakeBatchReader.ReadManifestAsync(store, landPath, ct);
            await InProcessProcessingEngine.WriteRawBatchAsync(
                store, spec, land, rawPath, runId, partRows, NullLogger.Instance, ct);
            return FakeJobOutcome.Done;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return FakeJobOutcome.Error($"Traceback (most recent call last): {e.GetType().Name}: {e.Message}");
        }
    };

    /// <summary>
    /// Runs the job as Dataproc would run it, minus Spark: the STAGED driver (<c>mainPythonFileUri</c>) with python3 in
    /// local mode, the staged <c>pythonFileUris</c> on <c>PYTHONPATH</c>, the job's own arguments, and <c>gs://</c>
    /// URIs read from <paramref name="gcsRoot"/> (the directory of a <see cref="Gcs.FakeGcsServer"/>). Exit 0 ends the
    /// job DONE; any other exit ends it in ERROR with the driver's last error line, as Dataproc reports a failed
    /// driver.
    /// </summary>
    public static Func<FakeDataprocJob, CancellationToken, Task<FakeJobOutcome>> PySpark(
        string gcsRoot) => async (job, ct) =>
    {
        string Local(string uri) =>
            uri.StartsWith("gs://", StringComparison.Ordinal) ? Path.Combine(gcsRoot, uri["gs://".Length..])
            : uri.StartsWith("file://", StringComparison.Ordinal) ? LocalPath(uri)
            : uri;
        var main = Local(job.MainPythonFileUri);
        var modules = job.PythonFileUris.Select(Local).ToList();
        if (modules.Prepend(main).FirstOrDefault(f => !File.Exists(f)) is { } missing)
            return FakeJobOutcome.Error($"Google Cloud Storage file not found: {missing}");
        var result = await PySparkDriverRunner.RunPythonAsync(main, job.Args, gcsRoot, ct,
            modules.Select(m => Path.GetDirectoryName(m)!).Distinct().ToList());
        if (result.ExitCode == 0) return FakeJobOutcome.Done;
        var last = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        return FakeJobOutcome.Error($"Job failed with message [{last}] (driver exit code {result.ExitCode}).");
    };

    /// <summary>Every attempt ends with <paramref name="outcome"/>.</summary>
    public static Func<FakeDataprocJob, CancellationToken, Task<FakeJobOutcome>> Returns(FakeJobOutcome outcome) =>
        (_, _) => Task.FromResult(outcome);

    /// <summary>Attempt n runs <paramref name="runners"/>[n - 1] (the last one for later attempts).</summary>
    public static Func<FakeDataprocJob, CancellationToken, Task<FakeJobOutcome>> ByAttempt(
        params Func<FakeDataprocJob, CancellationToken, Task<FakeJobOutcome>>[] runners) =>
        (job, ct) => runners[Math.Min(job.Attempt, runners.Length) - 1](job, ct);

    /// <summary>Never finishes until the job is cancelled (for time-outs).</summary>
    public static Func<FakeDataprocJob, CancellationToken, Task<FakeJobOutcome>> Never { get; } = async (_, ct) =>
    {
        await Task.Delay(Timeout.Infinite, ct);
        return FakeJobOutcome.Done;
    };

    private static string Required(FakeDataprocJob job, string name) =>
        job.Arg(name) ?? throw new InvalidOperationException($"The job has no --{name} argument.");

    private static string LocalPath(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var u) && u.IsFile
            ? u.LocalPath
            : throw new InvalidOperationException($"'{uri}' is not a file:// URI.");
}
