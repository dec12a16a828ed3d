using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.Cli.Demo;
using EcommerceLake.DemoSources.Snapshot;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.EndToEnd.Tests.Compose;

/// <summary>
/// docker-compose.yml for real: the stack comes up healthy from the images (PostgreSQL, RabbitMQ, SFTP and the four
/// service images), a run of the files source requested from the orchestrator's API completes while the processing
/// container's main process is killed under it (SIGKILL from this machine, so the test needs the rights to signal
/// it: root here; its restart policy brings it back), and trusted equals the Olist partner files row for row.
/// </summary>
public sealed class When_the_compose_stack_runs(ComposeStack stack) : IClassFixture<ComposeStack>
{
    [ComposeFact]
    public async Task Should_complete_a_run_through_the_stack_even_when_a_service_container_is_killed()
    {
        using var http = new HttpClient { BaseAddress = stack.Orchestrator, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            TestTokens.For("compose-test", ["operator"], key: stack.SigningKey, issuer: ComposeStack.TokenIssuer));
        var processing = await stack.ContainerAsync("processing");

        var response = await http.PostAsJsonAsync("runs", new { sources = new[] { "files" } });
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var runId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetGuid();
        // A crash, as an OOM kill would be: SIGKILL to the container's main process. (`docker kill` marks the
        // container as stopped by hand, and Docker's restart policies leave such a container down.)
        var pid = int.Parse((await ComposeStack.DockerAsync("inspect", "-f", "{{.State.Pid}}", processing)).Trim(),
            System.Globalization.CultureInfo.InvariantCulture);
        using (var main = System.Diagnostics.Process.GetProcessById(pid)) main.Kill();

        var run = await EndedAsync(http, runId, TimeSpan.FromMinutes(5));
        run.GetProperty("run").GetProperty("state").GetString().Should()
            .Be("Completed", $"{run}\n{await stack.LogsAsync()}");
        (await ComposeStack.DockerAsync("inspect", "-f", "{{.RestartCount}}", processing)).Trim()
            .Should().NotBe("0", "the crashed processing container was restarted by its policy");
        await stack.WaitHealthyAsync(TimeSpan.FromMinutes(2));

        var snapshot = new SourceSnapshot(stack.WarehouseConnectionString, stack.DropDirectory);
        foreach (var spec in StreamCatalog.Default.ForSource("files"))
        {
            var expected = await snapshot.ReadAsync(spec);
            var verification = await TrustedVerifier.CompareAsync(stack.WarehouseConnectionString, spec, expected.Rows,
                CancellationToken.None);
            verification.Matches.Should().BeTrue($"{spec.Key}: {string.Join("; ", verification.Examples)}");
            verification.TrustedRows.Should().Be(verification.SourceRows).And.BeGreaterThan(0, spec.Key);
        }
    }

    private async Task<JsonElement> EndedAsync(HttpClient http, Guid runId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = default(JsonElement);
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(2));
        while (DateTime.UtcNow < deadline)
        {
            var response = await http.GetAsync($"runs/{runId}");
            if (response.IsSuccessStatusCode)
            {
                last = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (last.GetProperty("run").GetProperty("state").GetString() is "Completed" or "Failed") return last;
            }
            await tick.WaitForNextTickAsync();
        }
        throw new TimeoutException($"Run {runId} did not end within {timeout}: {last}\n{await stack.LogsAsync()}");
    }
}
