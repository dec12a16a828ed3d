using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.Cli.Operations;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests.Api;

public class When_a_run_is_looked_up_by_its_short_id(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_find_admitted_runs_and_refused_requests_alike()
    {
        await using var busy = await BusyReviews.StartAsync(database, output);
        var host = busy.Host;
        var refused = await host.RequestRunAsync("reviews");
        await host.RefusedAsync(refused);
        var viewer = host.HttpAs("victor", "viewer");

        var active = await Ids(viewer, Short(busy.ActiveRunId));
        var refusal = await Ids(viewer, Short(refused));
        var hyphenated = await Ids(viewer, refused.ToString()[^17..]);
        // The refused id's short form with its first digit moved by 8: the last 8 digits count time in units of
        // 6.55 ms, so this names a moment 2^31 units (about 163 days) away from it, and from every run of the test
        // (changing the last digit instead could name a run created a few milliseconds apart).
        var none = await Ids(viewer, ((Convert.ToInt32(Short(refused)[..1], 16) + 8) % 16).ToString("x")
            + Short(refused)[1..]);
        var cli = (await new OperationsClient(viewer).FindRunIdsAsync(Short(refused), CancellationToken.None))
            .EnumerateArray().Select(id => id.GetGuid()).ToList();

        active.Should().Equal(busy.ActiveRunId);
        refusal.Should().Equal([refused], "a refused request is found as the runs are");
        hyphenated.Should().Equal(refused);
        cli.Should().Equal(refused);
        none.Should().BeEmpty("no run's id ends so");
        await busy.EndAsync();
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("xyz123")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    public async Task Should_refuse_what_is_not_4_to_31_hex_digits(string endingWith)
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);

        using var answer = await host.HttpAs("victor", "viewer").GetAsync($"/runs/ids?endingWith={endingWith}");

        answer.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("endingWith")[0]
            .GetString().Should().Contain("give 4 to 31 of its hex digits");
    }

    private static string Short(Guid id) => id.ToString("N")[^8..];

    private static async Task<List<Guid>> Ids(HttpClient http, string endingWith) =>
        (await http.GetFromJsonAsync<JsonElement>($"/runs/ids?endingWith={endingWith}")).EnumerateArray()
            .Select(id => id.GetGuid()).ToList();
}
