namespace EcommerceLake.Testing;

/// <summary>
/// The npm packages of the independent judges in <c>tests/conformance/google</c> (Google's Node clients, ZetaSQL),
/// installed by <c>scripts/setup-conformance.sh</c>. A missing install fails the test that needs it with that command:
/// a judge that is absent must not look like a judge that agreed.
/// </summary>
public static class ConformancePackages
{
    /// <summary>The folder of the Google judges: <c>tests/conformance/google</c>.</summary>
    public static string Google => RepositoryRoot.Combine("tests", "conformance", "google");

    /// <summary>The full path of <paramref name="parts"/> under <c>tests/conformance/google/node_modules</c>, checked
    /// to exist.</summary>
    /// <exception cref="FileNotFoundException">The package is not installed (the message names the command that
    /// installs it).</exception>
    public static string RequireGoogle(params string[] parts)
    {
        var path = Path.Combine([Google, "node_modules", .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException($"{path} is missing: the conformance packages are not installed. Run " +
                "'bash scripts/setup-conformance.sh' (npm ci in tests/conformance/google; scripts/test.sh runs it).",
                path);
        return path;
    }
}
