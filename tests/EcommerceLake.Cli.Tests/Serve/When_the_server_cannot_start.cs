using FluentAssertions;
using Xunit;

namespace EcommerceLake.Cli.Tests.Serve;

/// <summary>
/// <c>lake serve</c> whose configuration fails more than one options class: every failure is listed, one per line,
/// with exit code 2, instead of the unhandled <see cref="AggregateException"/> that ended the process before.
/// </summary>
public sealed class When_the_server_cannot_start
{
    [Fact]
    public async Task Should_list_every_configuration_problem_and_exit_2()
    {
        var directory = Directory.CreateTempSubdirectory("lake-serve-test-");
        try
        {
            var environment = new Dictionary<string, string?>
            {
                // Databases named, so that start gets as far as the sources' settings, none of which is given.
                ["ConnectionStrings__Orchestrator"] = "Host=127.0.0.1;Port=1;Username=lake;Database=orchestrator",
                ["ConnectionStrings__Warehouse"] = "Host=127.0.0.1;Port=1;Username=lake;Database=warehouse",
            };
            foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>()
                         .Where(n => n.StartsWith("Sources__", StringComparison.OrdinalIgnoreCase)))
                environment[name] = null;

            var result = await LakeProcess.RunAsync(
                ["serve", "--local-only", "--urls", "http://127.0.0.1:0"], environment, directory.FullName);

            result.ExitCode.Should().Be(2, result.Output + result.Error);
            var lines = result.Output.Split('\n');
            lines.Should().Contain(l => l.StartsWith("lake serve could not start (", StringComparison.Ordinal));
            lines.Should().Contain(l => l.StartsWith("  • Sources:Reviews:BaseUrl: ", StringComparison.Ordinal))
                .And.Contain(l => l.StartsWith("  • Sources:Reviews:ClientId: ", StringComparison.Ordinal))
                .And.Contain(l => l.StartsWith("  • Sources:Files:DropDirectory: ", StringComparison.Ordinal));
            result.Error.Should().NotContain("Unhandled exception", "the failure is reported, not thrown");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
