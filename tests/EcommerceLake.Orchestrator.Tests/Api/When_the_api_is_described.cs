using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.Orchestrator.Tests.Support;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Orchestrator.Tests.Api;

/// <summary>
/// <c>GET /openapi/v1.json</c> as a client generator or an operator's script reads it: every operation says what it
/// does, and each one that answers with a body gives that body's schema.
/// </summary>
public class When_the_api_is_described(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_give_every_operation_a_summary_and_the_schema_of_its_answer()
    {
        await using var host = await OrchestratorTestHost.StartAsync(
            await database.CreateDatabaseAsync("orch"), output);
        using var anonymous = host.Anonymous();

        var description = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var operations = (from path in description.GetProperty("paths").EnumerateObject()
            from operation in path.Value.EnumerateObject()
            select (Name: $"{operation.Name.ToUpperInvariant()} {path.Name}", Operation: operation.Value)).ToList();
        operations.Should().HaveCountGreaterThanOrEqualTo(12);
        foreach (var (name, operation) in operations)
        {
            operation.TryGetProperty("summary", out var summary).Should().BeTrue($"{name} has a summary");
            summary.GetString().Should().NotBeNullOrWhiteSpace();
        }
        foreach (var name in new[]
                 {
                     "GET /runs", "GET /runs/{runId}", "GET /offsets", "GET /offsets/audit", "GET /alerts",
                     "GET /streams", "GET /streams/audit", "POST /offsets/{source}/{stream}/reset",
                     "POST /streams/{source}/{stream}/pause", "POST /runs",
                 })
        {
            var responses = operations.Single(o => o.Name == name).Operation.GetProperty("responses");
            var ok = responses.EnumerateObject().Single(r => r.Name is "200" or "202").Value;
            ok.GetProperty("content").GetProperty("application/json").GetProperty("schema").ValueKind.Should()
                .Be(JsonValueKind.Object, $"{name} describes its answer");
        }
        var run = operations.Single(o => o.Name == "GET /runs/{runId}").Operation.GetProperty("responses");
        run.TryGetProperty("404", out _).Should().BeTrue("an unknown run is a 404 problem");
    }
}
