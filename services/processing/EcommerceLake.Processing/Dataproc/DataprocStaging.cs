using System.Collections.Concurrent;
using System.Security.Cryptography;
using EcommerceLake.Lake;
using EcommerceLake.Streams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Processing.Dataproc;

/// <summary>
/// Stages what a PySpark job reads besides the lake batches — the driver files and the stream's spec — in the lake
/// at <c>{StagingPrefix}/{sha256 of the content}/{file name}</c>. Content-addressed: a path never receives other bytes,
/// so staged objects are never overwritten, a present object is skipped, and a changed driver gets a new folder. Each
/// file is staged once per process (successes are cached; a failed staging is retried by the next job).
/// </summary>
public sealed class DataprocStaging(ILakeStore lake, DataprocDriverFiles driver, IOptions<DataprocOptions> options,
    ILogger<DataprocStaging> logger)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _staged = new(StringComparer.Ordinal);

    /// <summary>The staged driver: the main file's URI and its modules' URIs
    /// (<see cref="ILakeStore.Describe"/>).</summary>
    /// <exception cref="InvalidOperationException">The driver is not embedded.</exception>
    public async Task<(string Main,
        IReadOnlyList<string> Modules)> StageDriverAsync(CancellationToken cancellationToken)
    {
        var main = await StageAsync(DataprocDriverFiles.MainFile, driver.Main, cancellationToken);
        var modules = new List<string>();
        foreach (var (name, content) in driver.Modules) modules.Add(await StageAsync(name, content, cancellationToken));
        return (main, modules);
    }

    /// <summary>The staged spec of a stream (<c>{source}.{stream}.json</c>, <see cref="StreamSpecDocument"/>): its
    /// URI.</summary>
    public Task<string> StageSpecAsync(StreamSpec spec, CancellationToken cancellationToken) =>
        StageAsync($"{spec.Key}.json", StreamSpecDocument.Serialize(spec), cancellationToken);

    /// <summary>Stages <paramref name="content"/> as <paramref name="fileName"/>; returns the described URI of the
    /// staged object.</summary>
    public async Task<string> StageAsync(string fileName, byte[] content, CancellationToken cancellationToken)
    {
        var path = $"{options.Value.StagingPrefix}/{Convert.ToHexStringLower(SHA256.HashData(content))}/{fileName}";
        var staged = _staged.GetOrAdd(path, p => new Lazy<Task<string>>(() => PutAsync(p, content)));
        try
        {
            return await staged.Value.WaitAsync(cancellationToken);
        }
        catch when (staged.Value.IsFaulted || staged.Value.IsCanceled)
        {
            _staged.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(path, staged));
            throw;
        }
    }

    private async Task<string> PutAsync(string path, byte[] content)
    {
        // Not tied to one caller's token: a staging shared by concurrent jobs must not be cancelled by one of them.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        if (!await lake.ExistsAsync(path, timeout.Token))
        {
            try
            {
                await lake.PutAsync(path, new MemoryStream(content, writable: false), timeout.Token);
                logger.LogInformation("Staged {Path} ({Bytes} bytes) for Dataproc", lake.Describe(path),
                    content.Length);
            }
            catch (LakeObjectExistsException)
            {
                // Another process staged the same content first: same path, same bytes.
            }
        }
        return lake.Describe(path);
    }
}
