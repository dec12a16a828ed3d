using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.EndToEnd.Tests;

/// <summary>
/// The repository's line-length convention, checked over every source, project, script and deployment file: a line
/// holds at most <see cref="MaxLength"/> characters (UTF-16 code units of the line without its line break, so "…"
/// counts as one). The one exception is a line with a token of more than <see cref="UnbreakableToken"/> characters
/// and no whitespace in it (a project path, a URL), which no wrapping could shorten. Build outputs, npm packages,
/// vendored third-party files (<c>wwwroot/vendor</c>) and dot-folders (<c>.git</c>, <c>.lake</c>) are not read; the
/// README and the data files are not sources.
/// </summary>
public sealed class When_the_source_lines_are_checked
{
    /// <summary>The longest line allowed, in characters (the <c>max_line_length</c> of the repository's style).
    /// </summary>
    private const int MaxLength = 120;

    /// <summary>The length above which a whitespace-free token excuses a long line, in characters.</summary>
    private const int UnbreakableToken = 100;

    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".cs", ".csproj", ".props", ".targets", ".sql", ".sh", ".py", ".js", ".mjs", ".yml", ".yaml", ".css", ".html",
    };

    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal)
    {
        "bin", "obj", "node_modules", "TestResults", "publish", "vendor",
    };

    [Fact]
    public void Should_keep_every_line_within_120_characters()
    {
        var files = Sources(RepositoryRoot.Path).ToList();
        files.Should().Contain(f => f.EndsWith("Program.cs", StringComparison.Ordinal), "the walk must reach the code");

        var tooLong = files
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, number: index + 1)))
            .Where(l => l.line.Length > MaxLength && !HoldsAnUnbreakableToken(l.line))
            .Select(l => $"{Path.GetRelativePath(RepositoryRoot.Path, l.file)}:{l.number} ({l.line.Length} characters)")
            .ToList();

        tooLong.Should().BeEmpty($"lines are at most {MaxLength} characters; wrap these");
    }

    [Theory]
    [InlineData("    <ProjectReference Include=\"../../services/orchestrator/EcommerceLake.Orchestrator.Dashboard/"
        + "EcommerceLake.Orchestrator.Dashboard.csproj\" />", true)]
    [InlineData("    var total = first + second + third + fourth + fifth + sixth + seventh + eighth + ninth + tenth"
        + " + eleventh + twelfth;", false)]
    public void Should_excuse_only_a_line_whose_token_cannot_be_broken(string line, bool excused) =>
        HoldsAnUnbreakableToken(line).Should().Be(excused);

    private static bool HoldsAnUnbreakableToken(string line) =>
        line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Any(t => t.Length > UnbreakableToken);

    private static IEnumerable<string> Sources(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            var name = Path.GetFileName(file);
            if (Extensions.Contains(Path.GetExtension(file)) || name == "Dockerfile") yield return file;
        }

        foreach (var child in Directory.EnumerateDirectories(folder))
        {
            var name = Path.GetFileName(child);
            if (name.StartsWith('.') || SkippedFolders.Contains(name)) continue;
            foreach (var file in Sources(child)) yield return file;
        }
    }
}
