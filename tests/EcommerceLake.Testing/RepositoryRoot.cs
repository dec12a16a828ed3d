namespace EcommerceLake.Testing;

/// <summary>Paths inside the repository under test, found once by walking up from the test binaries.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The repository root: the nearest folder above <see cref="AppContext.BaseDirectory"/> that holds
    /// <c>EcommerceLake.sln</c>.</summary>
    /// <exception cref="DirectoryNotFoundException">No <c>EcommerceLake.sln</c> above the test's base directory.
    /// </exception>
    public static string Path => Root.Value;

    /// <summary>The full path of <paramref name="parts"/> joined under the repository root, e.g.
    /// <c>Combine("data", "olist")</c>. The path need not exist.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "EcommerceLake.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"EcommerceLake.sln was not found above {AppContext.BaseDirectory}.");
    }
}
