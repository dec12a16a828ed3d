using System.Text;
using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Ingestion.Connectors.Files;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files;

/// <summary>
/// A drop directory, a lake directory and a started host with the files connector over them: reading the directory
/// locally, or over SFTP from a real sshd (<see cref="SshServer"/>) serving it. The stability interval is 10 ms
/// unless the settings say otherwise.
/// </summary>
public sealed class FilesTestDrop : IAsyncDisposable
{
    private readonly TempDirectory _drop;
    private readonly TempDirectory _lake = new("lake-root");
    private ConnectorHost? _host;

    private FilesTestDrop(string? parent) =>
        _drop = parent is null ? new TempDirectory("lake-drop") : new TempDirectory(Path.Combine(parent, "lake-drop"));

    /// <summary>The drop directory (of this machine; the SFTP server's remote directory when over SFTP).</summary>
    public string DropDirectory => _drop.Path;

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _host!.Services;

    /// <summary>The connector, as the ingestion service registers it.</summary>
    public ISourceConnector Connector => _host!.Connector(FilesConnector.SourceName);

    /// <summary>The real spec of <c>files.{stream}</c>.</summary>
    public static StreamSpec Spec(string stream) => StreamCatalog.Default.Get("files", stream);

    /// <summary>Creates the directories and starts the host.</summary>
    public static Task<FilesTestDrop> StartAsync() => StartAsync(null);

    /// <summary>
    /// Creates the directories and starts the host, over SFTP through <paramref name="sftp"/> when given (the drop is
    /// then a fresh directory under its served directory), with <paramref name="settings"/> added to the configuration
    /// and <paramref name="services"/> registered after the connector's.
    /// </summary>
    public static async Task<FilesTestDrop> StartAsync(
        SshServer? sftp, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var drop = new FilesTestDrop(sftp?.DropDirectory);
        var configuration = sftp is null
            ? new Dictionary<string, string?> { ["Sources:Files:DropDirectory"] = drop._drop.Path }
            : sftp.FilesSettings(drop._drop.Path);
        configuration["Sources:Files:StabilityInterval"] = "00:00:00.010";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) configuration[key] = value;
        drop._host = await ConnectorHost.StartAsync(configuration, b => b.AddFilesConnector(), services);
        return drop;
    }

    /// <summary>Extracts <c>files.{stream}</c> from <paramref name="offset"/>.</summary>
    public Task<LandedBatch> ExtractAsync(string stream, string? offset = null, bool forceFull = false) =>
        LandBatchHarness.ExtractAsync(Connector, Spec(stream), offset, _lake.Path, forceFull);

    /// <summary>
    /// Decompresses a real Olist file into the drop directory with modification time <paramref name="modifiedUtc"/>.
    /// </summary>
    public async Task<string> AddOlistFileAsync(string gzName, DateTime modifiedUtc, string? name = null)
    {
        var path = await OlistData.DecompressAsync(gzName, _drop.Path, name);
        File.SetLastWriteTimeUtc(path, modifiedUtc);
        return path;
    }

    /// <summary>
    /// Writes <paramref name="content"/> (UTF-8, no BOM) as <paramref name="name"/> with modification time
    /// <paramref name="modifiedUtc"/>.
    /// </summary>
    public string AddFile(string name, string content, DateTime modifiedUtc) =>
        AddFile(name, Encoding.UTF8.GetBytes(content), modifiedUtc);

    /// <summary>
    /// Writes <paramref name="bytes"/> as <paramref name="name"/> with modification time
    /// <paramref name="modifiedUtc"/>.
    /// </summary>
    public string AddFile(string name, byte[] bytes, DateTime modifiedUtc)
    {
        var path = Path.Combine(_drop.Path, name);
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, modifiedUtc);
        return path;
    }

    /// <summary>
    /// The change version a row of the first file ingested at that time gets: its arrival sequence is its mtime in Unix
    /// seconds (<see cref="FileChangeVersion"/>).
    /// </summary>
    public static long Version(DateTime modifiedUtc, long line) =>
        FileChangeVersion.Base + (new DateTimeOffset(modifiedUtc).ToUnixTimeSeconds() * FileChangeVersion.LinesPerFile)
        + line;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        _drop.Dispose();
        _lake.Dispose();
    }
}
