using System.IO.Compression;
using EcommerceLake.Lake;
using EcommerceLake.Processing.InProcess;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using EcommerceLake.Testing.Fakes.Dataproc;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Processing.Tests.PySpark;

/// <summary>
/// Two lakes for one test: the in-process engine's (a <see cref="LocalLakeStore"/>) and the driver's, a
/// <see cref="LocalLakeStore"/> at <c>{gcsRoot}/lake-bucket/lake</c> that the driver reaches as
/// <c>gs://lake-bucket/lake/…</c> through <c>LAKE_DRIVER_GCS_ROOT</c>, as with the file-backed fake Cloud Storage.
/// </summary>
public sealed class DriverLakes : IDisposable
{
    public const string Bucket = "lake-bucket";
    private readonly TempDirectory _directory = new("pyspark-driver");

    public DriverLakes(int partRows = 100)
    {
        PartRows = partRows;
        InProcessRoot = Path.Combine(_directory.Path, "in-process");
        GcsRoot = Path.Combine(_directory.Path, "gcs");
        DriverRoot = Path.Combine(GcsRoot, Bucket, "lake");
        InProcess = new LocalLakeStore(InProcessRoot);
        Driver = new LocalLakeStore(DriverRoot);
        Engine = new InProcessProcessingEngine(InProcess, StreamCatalog.Default,
            Options.Create(new LakeOptions { Root = InProcessRoot, PartRows = partRows }),
            NullLogger<InProcessProcessingEngine>.Instance);
    }

    public int PartRows { get; }
    public string InProcessRoot { get; }
    public string GcsRoot { get; }
    public string DriverRoot { get; }
    public LocalLakeStore InProcess { get; }
    public LocalLakeStore Driver { get; }
    public InProcessProcessingEngine Engine { get; }

    public static string Uri(string lakePath) => $"gs://{Bucket}/lake/{lakePath}";

    public void Dispose() => _directory.Dispose();

    /// <summary>Writes the land batch into both lakes (the same bytes).</summary>
    public async Task<string> WriteLandAsync(
        Guid runId, StreamSpec spec, IEnumerable<string?[]> records, int landPartRows, bool isFullSnapshot,
        IReadOnlyList<string>? columns = null)
    {
        var land = await LandBatches.WriteAsync(InProcess, runId, spec, records, landPartRows, isFullSnapshot, columns);
        CopyTree(Path.Combine(InProcessRoot, land), Path.Combine(DriverRoot, land));
        return land;
    }

    /// <summary>The raw batch path the in-process engine uses for <paramref name="land"/>.</summary>
    public async Task<string> RawBatchOfAsync(StreamSpec spec, string land, Guid runId)
    {
        var manifest = await LakeBatchReader.ReadManifestAsync(InProcess, land, CancellationToken.None);
        return LakePaths.RawBatch(spec.Table, DateOnly.FromDateTime(manifest.CreatedAt.UtcDateTime), runId);
    }

    public Task<PySparkDriverRunner.Result> RunDriverAsync(StreamSpec spec, string land, string raw, Guid runId) =>
        PySparkDriverRunner.RunAsync(PySparkDriverRunner.SpecFile(spec.Source, spec.Stream), Uri(land), Uri(raw), runId,
            PartRows, GcsRoot);

    /// <summary>Asserts that both lakes hold the same raw batch at <paramref name="raw"/>.</summary>
    public async Task ShouldHoldTheSameRawBatchAsync(string raw)
    {
        var expected = await LakeBatchReader.ReadManifestAsync(InProcess, raw, CancellationToken.None);
        var actual = await LakeBatchReader.ReadManifestAsync(Driver, raw, CancellationToken.None);
        actual.Should().BeEquivalentTo(expected,
            o => o.Excluding(m => m.CreatedAt).Excluding(m => m.Parts).Excluding(m => m.Quarantine)
                .WithStrictOrdering());
        actual.CreatedAt.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        // The in-process engine stages its parts under _attempts/{attempt}/; the driver writes them at the top.
        actual.Parts.Select(p => (Path.GetFileName(p.Path), p.RowCount)).Should()
            .Equal(expected.Parts.Select(p => (Path.GetFileName(p.Path), p.RowCount)));
        for (var i = 0; i < expected.Parts.Count; i++)
        {
            var driverBytes = await LakeBatchReader.ReadPartAsync(Driver, actual.Parts[i], CancellationToken.None);
            driverBytes.LongLength.Should().Be(actual.Parts[i].Bytes);
            var inProcessBytes = await LakeBatchReader.ReadPartAsync(
                InProcess, expected.Parts[i], CancellationToken.None);
            Gunzip(driverBytes).Should().Equal(Gunzip(inProcessBytes), $"part {i} of {raw} holds the same CSV bytes");
        }
        var driverQuarantine = LakeBatchReader.QuarantinePathOf(raw, actual);
        var inProcessQuarantine = LakeBatchReader.QuarantinePathOf(raw, expected);
        var hasQuarantine = await InProcess.ExistsAsync(inProcessQuarantine, CancellationToken.None);
        (await Driver.ExistsAsync(driverQuarantine, CancellationToken.None)).Should().Be(hasQuarantine);
        if (hasQuarantine)
            (await File.ReadAllBytesAsync(Path.Combine(DriverRoot, driverQuarantine)))
                .Should().Equal(await File.ReadAllBytesAsync(Path.Combine(InProcessRoot, inProcessQuarantine)));
        var rows = await LandBatches.ReadRawAsync(Driver, raw);
        rows.Should().HaveCount((int)expected.RowCount, "the C# reader reads the driver's parts");
    }

    /// <summary>Every file under <paramref name="lakePath"/> of the driver's lake with its bytes.</summary>
    public Dictionary<string, byte[]> Snapshot(string lakePath)
    {
        var root = Path.Combine(DriverRoot, lakePath);
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes);
    }

    private static byte[] Gunzip(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
