using Microsoft.Extensions.Options;

namespace EcommerceLake.Lake;

/// <summary>
/// The lake on a local directory. An object is written to a temporary file beside its final path and then given its
/// final name only if no object has it (<see cref="NoReplacePublish"/>, an atomic create-if-absent: of concurrent
/// writers of one path exactly one wins), so readers never see a partial object and a finished one is never replaced.
/// </summary>
public sealed class LocalLakeStore : ILakeStore, IListableLakeStore
{
    private readonly string _root;

    /// <summary>Creates the store over <see cref="LakeOptions.Root"/> (created when missing).</summary>
    public LocalLakeStore(IOptions<LakeOptions> options)
        : this(options.Value.Root)
    {
    }

    /// <summary>Creates the store over <paramref name="root"/> (created when missing).</summary>
    public LocalLakeStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    /// <inheritdoc />
    public async Task PutAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        var target = Resolve(path);
        if (File.Exists(target)) throw new LakeObjectExistsException(path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = $"{target}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16,
                useAsync: true))
                await content.CopyToAsync(file, cancellationToken);
            if (!NoReplacePublish.TryPublish(temp, target)) throw new LakeObjectExistsException(path);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        var target = Resolve(path);
        if (!File.Exists(target)) throw new FileNotFoundException($"Lake object '{path}' does not exist.", target);
        return Task.FromResult<Stream>(new FileStream(target, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
            useAsync: true));
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken)
        => Task.FromResult(File.Exists(Resolve(path)));

    /// <inheritdoc />
    public Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        var target = Resolve(prefix);
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        else if (File.Exists(target)) File.Delete(target);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>Temporary files of writes in progress (<c>*.tmp</c>) are not objects and are not listed.</remarks>
    public Task<IReadOnlyList<string>> ListPathsAsync(string prefix, CancellationToken cancellationToken)
    {
        var slash = prefix.LastIndexOf('/');
        var folder = slash < 0 ? _root : Resolve(prefix[..slash]);
        IReadOnlyList<string> paths = !Directory.Exists(folder)
            ? []
            : Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(_root, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Where(p => p.StartsWith(prefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
        return Task.FromResult(paths);
    }

    /// <inheritdoc />
    public string Describe(string path) => new Uri(Resolve(path)).AbsoluteUri;

    private string Resolve(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(path))
            throw new ArgumentException($"Lake path '{path}' must be relative and must not contain '..'.",
                nameof(path));
        return Path.Combine(_root, path.Replace('/', Path.DirectorySeparatorChar));
    }
}
