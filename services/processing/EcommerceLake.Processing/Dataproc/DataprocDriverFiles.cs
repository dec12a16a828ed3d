namespace EcommerceLake.Processing.Dataproc;

/// <summary>
/// The PySpark driver shipped with this assembly: the embedded resources of <c>Dataproc/Driver/*.py</c>
/// (<c>lake_driver.py</c>, the job's main file, and its modules such as <c>lake_typing.py</c>). Staged to the lake by
/// <see cref="DataprocStaging"/> before a job is submitted.
/// </summary>
/// <param name="Files">File name (<c>lake_driver.py</c>) to content.</param>
public sealed record DataprocDriverFiles(IReadOnlyDictionary<string, byte[]> Files)
{
    /// <summary>Name of the driver's main file.</summary>
    public const string MainFile = "lake_driver.py";

    private const string ResourcePrefix = "EcommerceLake.Processing.Dataproc.Driver.";

    /// <summary>The driver files embedded in this assembly.</summary>
    public static DataprocDriverFiles Embedded()
    {
        var assembly = typeof(DataprocDriverFiles).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files[resource[ResourcePrefix.Length..]] = buffer.ToArray();
        }
        return new DataprocDriverFiles(files);
    }

    /// <summary>The main file's content.</summary>
    /// <exception cref="InvalidOperationException">The driver has no <c>lake_driver.py</c> (the build did not embed
    /// it).</exception>
    public byte[] Main => Files.TryGetValue(MainFile, out var main)
        ? main
        : throw new InvalidOperationException($"The PySpark driver {MainFile} is not embedded " +
            $"in {typeof(DataprocDriverFiles).Assembly.GetName().Name} (Dataproc/Driver/*.py).");

    /// <summary>The driver's modules: every file but the main one, by name.</summary>
    public IEnumerable<KeyValuePair<string, byte[]>> Modules
        => Files.Where(f => f.Key != MainFile).OrderBy(f => f.Key, StringComparer.Ordinal);
}
