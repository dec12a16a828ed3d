using System.Xml.Linq;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.EndToEnd.Tests;

/// <summary>
/// The project references, read from the csproj files, point one way: shared libraries reference only shared
/// libraries, a service only its own projects and shared ones; the hosting defaults pull in neither Google Cloud nor
/// the PostgreSQL library (services that use them reference them), and the demo-only PostgreSQL launcher lives in the
/// CLI, not in a shared library.
/// </summary>
public sealed class When_the_project_graph_is_checked
{
    private static readonly string Root = RepositoryRoot.Path;

    /// <summary>Every project under the top folders the rule is about, repository-relative with '/' separators,
    /// mapped to the projects it references.</summary>
    private static Dictionary<string, string[]> Graph() =>
        new[] { "shared", "services", "apps" }
            .SelectMany(top =>
                Directory.EnumerateFiles(Path.Combine(Root, top), "*.csproj", SearchOption.AllDirectories))
            .Where(p => !p.Contains(
                $"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(Relative, p => XDocument.Load(p).Descendants("ProjectReference")
                .Select(r => (string?)r.Attribute("Include"))
                .OfType<string>()
                .Select(include => Relative(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(p)!,
                    include.Replace('\\', Path.DirectorySeparatorChar)))))
                .ToArray());

    private static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    [Fact]
    public void Should_have_shared_projects_reference_only_shared_projects()
    {
        var graph = Graph();
        graph.Keys.Should().Contain("shared/EcommerceLake.Hosting/EcommerceLake.Hosting.csproj");
        foreach (var (project, references) in graph.Where(g => g.Key.StartsWith("shared/", StringComparison.Ordinal)))
            references.Where(r => !r.StartsWith("shared/", StringComparison.Ordinal)).Should().BeEmpty(
                $"{project} is a shared library: it must not depend on a service, an app or a test");
    }

    [Fact]
    public void Should_have_services_reference_only_their_own_projects_and_shared_ones()
    {
        foreach (var (project, references) in Graph()
            .Where(g => g.Key.StartsWith("services/", StringComparison.Ordinal)))
        {
            var service = string.Join('/', project.Split('/').Take(2)) + "/";
            references.Where(r => !r.StartsWith("shared/", StringComparison.Ordinal)
                    && !r.StartsWith(service, StringComparison.Ordinal)).Should().BeEmpty(
                $"{project} may reference its own service's projects and shared libraries only");
        }
    }

    [Fact]
    public void Should_keep_google_and_postgres_out_of_the_hosting_defaults()
    {
        var hosting = Graph()["shared/EcommerceLake.Hosting/EcommerceLake.Hosting.csproj"];
        hosting.Should().NotContain(r => r.Contains("EcommerceLake.Google", StringComparison.Ordinal),
            "the lake store registration and the Google plumbing live in EcommerceLake.Google");
        hosting.Should().NotContain(r => r.Contains("EcommerceLake.Postgres", StringComparison.Ordinal),
            "the services that use PostgreSQL reference EcommerceLake.Postgres themselves");
    }

    [Fact]
    public void Should_keep_the_demo_postgres_cluster_in_the_cli()
    {
        Directory.EnumerateFiles(Path.Combine(Root, "shared"), "*.cs", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("class PrivatePostgresCluster", StringComparison.Ordinal))
            .Should().BeEmpty("the private PostgreSQL cluster is demo-only");
        File.Exists(Path.Combine(Root, "apps", "EcommerceLake.Cli", "Demo", "PrivatePostgresCluster.cs"))
            .Should().BeTrue();
    }

    [Fact]
    public void Should_have_a_test_project_beside_every_source_project()
    {
        var untested = Graph().Keys
            .Select(project => Path.GetFileNameWithoutExtension(project))
            .Where(name => !name.EndsWith(".Host", StringComparison.Ordinal))
            .Where(name => !File.Exists(Path.Combine(Root, "tests", $"{name}.Tests", $"{name}.Tests.csproj")));

        untested.Should().BeEmpty("tests/<Project>.Tests mirrors every project; the .Host projects (a Program.cs " +
            "each) are exercised by the multi-process tests in this project");
    }
}
