using EcommerceLake.Streams.Offsets;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Ingestion.Connectors.Files;

/// <summary>The drop as a directory of this machine (<c>Sources:Files:DropDirectory</c>).</summary>
public sealed class LocalFileStore(IOptions<FilesOptions> options) : IFileStore
{
    /// <inheritdoc />
    public string Location => Path.GetFullPath(options.Value.DropDirectory);

    /// <inheritdoc />
    public Task<IFileStoreSession> OpenAsync(CancellationToken cancellationToken)
    {
        var directory = new DirectoryInfo(Location);
        if (!directory.Exists)
            throw new SourceUnavailableException(
                $"The drop directory '{directory.FullName}' ({FilesOptions.Section}:DropDirectory) does not exist.");
        return Task.FromResult<IFileStoreSession>(new Session(directory));
    }

    private sealed class Session(DirectoryInfo directory) : IFileStoreSession
    {
        public Task<IReadOnlyList<FileStamp>> ListAsync(CancellationToken cancellationToken)
        {
            try
            {
                IReadOnlyList<FileStamp> files = directory.EnumerateFiles().Select(FileStamp.Of).ToList();
                return Task.FromResult(files);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new SourceUnavailableException(
                    $"The drop directory '{directory.FullName}' cannot be listed: {ex.Message}", ex);
            }
        }

        public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken)
        {
            var path = Path.Combine(directory.FullName, name);
            try
            {
                Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
                    FileOptions.Asynchronous | FileOptions.SequentialScan);
                return Task.FromResult(stream);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new FileNotFoundException($"The file '{path}' disappeared.", path, ex);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new SourceUnavailableException($"The file '{path}' cannot be read: {ex.Message}", ex);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
