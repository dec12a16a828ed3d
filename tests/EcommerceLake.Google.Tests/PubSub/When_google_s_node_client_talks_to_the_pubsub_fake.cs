using System.Diagnostics;
using EcommerceLake.Testing;
using EcommerceLake.Testing.Fakes.PubSub;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Google.Tests.PubSub;

/// <summary>
/// The fake Pub/Sub judged by Google's own Node.js client (@google-cloud/pubsub with google-gax in its REST fallback
/// mode): <c>tests/conformance/pubsub/conformance.js</c> runs the unary operations against the fake and must pass
/// every check. Its packages come from <c>scripts/setup-conformance.sh</c> (<c>npm ci</c>, run by
/// <c>scripts/start-test-services.sh</c>); without them this test fails and says so.
/// </summary>
public sealed class When_google_s_node_client_talks_to_the_pubsub_fake(ITestOutputHelper output)
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Should_pass_every_conformance_check()
    {
        var suite = RepositoryRoot.Combine("tests", "conformance", "pubsub");
        var client = Path.Combine(suite, "node_modules", "@google-cloud", "pubsub", "package.json");
        File.Exists(client).Should().BeTrue(
            $"Google's Node.js client must be installed in {suite}: run `bash scripts/setup-conformance.sh` "
            + "(scripts/start-test-services.sh runs it)");
        await using var server = await FakePubSubServer.StartAsync();

        var (exitCode, text) = await RunNodeAsync(suite, server.EmulatorHost);
        output.WriteLine(text);

        text.Should().NotContain("FAIL ");
        text.Should().MatchRegex(@"conformance: [1-9][0-9]* passed, 0 failed");
        exitCode.Should().Be(0, text);
    }

    private static async Task<(int ExitCode, string Output)> RunNodeAsync(string directory, string host)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("conformance.js");
        start.ArgumentList.Add(host);
        start.Environment.Remove("PUBSUB_EMULATOR_HOST");
        start.Environment.Remove("GOOGLE_APPLICATION_CREDENTIALS");
        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                "node is not on PATH: scripts/setup-conformance.sh installs it (Debian's nodejs).", e);
        }
        using var process = started ?? throw new InvalidOperationException("node did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(RunLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The conformance script ran over {RunLimit}: {await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
