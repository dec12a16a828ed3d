namespace EcommerceLake.Lake;

/// <summary>
/// The lake layout (DESIGN.md): <c>land/{source}/{stream}/{run}/</c> and
/// <c>raw/{table}/ingest_date=YYYY-MM-DD/{run}/</c>, each batch folder holding the <c>_manifest.json</c> and the
/// <c>_attempts/{attempt}/</c> folders where writers stage their <c>part-NNNNN.*</c> files and optional
/// <c>_quarantine.ndjson</c> (the manifest names the parts and the quarantine of the attempt that committed it).
/// </summary>
public static class LakePaths
{
    /// <summary>Manifest file name.</summary>
    public const string Manifest = "_manifest.json";

    /// <summary>Quarantine file name.</summary>
    public const string Quarantine = "_quarantine.ndjson";

    /// <summary>The land batch folder of a stream in a run.</summary>
    public static string LandBatch(string source, string stream, Guid runId) => $"land/{source}/{stream}/{runId:N}";

    /// <summary>The raw batch folder of a table in a run, partitioned by ingest date (UTC).</summary>
    public static string RawBatch(string table, DateOnly ingestDate, Guid runId) =>
        $"raw/{table}/ingest_date={ingestDate:yyyy-MM-dd}/{runId:N}";

    /// <summary>Folder of the attempts of a batch: <c>{batch}/_attempts</c>.</summary>
    public static string AttemptsOf(string batch) => $"{batch}/_attempts";

    /// <summary>The staging folder of one attempt at writing a batch: <c>{batch}/_attempts/{attempt}</c>.</summary>
    public static string Attempt(string batch, string attempt) => $"{AttemptsOf(batch)}/{attempt}";

    /// <summary>The manifest path of a batch folder.</summary>
    public static string ManifestOf(string batch) => $"{batch}/{Manifest}";

    /// <summary>The part path <c>{batch}/part-NNNNN.{extension}</c>.</summary>
    public static string Part(string batch, int index, string extension) => $"{batch}/part-{index:D5}.{extension}";
}
