using System.Diagnostics;
using EcommerceLake.Lake;
using EcommerceLake.Processing.InProcess;
using EcommerceLake.Streams;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Benchmarks;

/// <summary>
/// <c>bench --process {land batch} [--lake .lake/bench/lake] [--repeat 3]</c>: the in-process processing step alone
/// (<see cref="InProcessProcessingEngine.WriteRawBatchAsync"/>: land parts read, typed and written as raw parts) on a
/// finished land batch of a local lake, such as the review stream's batch a ×10 harness run left in
/// <c>.lake/bench/lake/land/reviews/order_reviews/{run}</c>. Each repetition writes a new raw batch under
/// <c>_bench/process/</c> of that lake (deleted afterwards) and prints its rows, seconds and the process's CPU
/// seconds; the first is the warm-up. Nothing else runs, so the figure is the step's own speed on this machine.
/// </summary>
public static class ProcessBenchmark
{
    /// <summary>Processes <paramref name="landBatch"/> <paramref name="repeat"/> times.</summary>
    /// <returns>0.</returns>
    /// <exception cref="InvalidOperationException">The land batch has no manifest.</exception>
    public static async Task<int> RunAsync(string lakeRoot, string landBatch, int repeat, ILogger logger)
    {
        var lake = new LocalLakeStore(Path.GetFullPath(lakeRoot));
        var land = await LakeBatchReader.ReadManifestAsync(lake, landBatch, CancellationToken.None);
        var spec = StreamCatalog.Default.Get(land.Source, land.Stream);
        for (var i = 0; i < repeat; i++)
        {
            var raw = $"_bench/process/{Guid.NewGuid():N}";
            var cpu = ProcessCpu.Start();
            var clock = Stopwatch.StartNew();
            var manifest = await InProcessProcessingEngine.WriteRawBatchAsync(lake, spec, land, raw, land.RunId,
                new LakeOptions().PartRows, logger, CancellationToken.None);
            Console.WriteLine($"process {land.Source}.{land.Stream}: {manifest.RowCount:N0} rows in " +
                $"{clock.Elapsed.TotalSeconds:F2} s, CPU {cpu.Seconds:F2} s{(i == 0 ? " (warm-up)" : "")}");
            await lake.DeletePrefixAsync("_bench/process", CancellationToken.None);
        }
        return 0;
    }
}
