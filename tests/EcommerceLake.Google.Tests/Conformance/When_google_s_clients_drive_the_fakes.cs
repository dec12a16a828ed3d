using EcommerceLake.Testing;
using EcommerceLake.Testing.Fakes.BigQuery;
using EcommerceLake.Testing.Fakes.Dataproc;
using EcommerceLake.Testing.Fakes.Gcs;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EcommerceLake.Google.Tests.Conformance;

/// <summary>
/// The conformance suites: Google's official Node clients (npm @google-cloud/storage 8.4.0, @google-cloud/bigquery
/// 9.3.0, @google-cloud/dataproc 6.0.1 over google-gax's REST fallback) drive our fakes through the paths the adapters
/// depend on. A fake that Google's client rejects is wrong, whatever our adapter thinks of it. Without the npm packages
/// these fail (run <c>bash scripts/setup-conformance.sh</c>); they are never skipped.
/// </summary>
public sealed class When_google_s_clients_drive_the_fakes(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Should_satisfy_the_cloud_storage_client()
    {
        using var root = new TempDirectory("gcs-conformance");
        await using var fake = await FakeGcsServer.StartAsync(root.Path, "conformance-bucket");

        var (code, text) = await NodeConformanceSuite.RunAsync("storage.test.mjs", new Dictionary<string, string>
        {
            ["FAKE_GCS_ENDPOINT"] = fake.BaseUri.ToString().TrimEnd('/'),
            ["FAKE_GCS_BUCKET"] = "conformance-bucket",
        }, Timeout);

        output.WriteLine(text);
        code.Should().Be(0, "Google's Cloud Storage client must accept the fake:\n{0}", text);
    }

    [Fact]
    public async Task Should_satisfy_the_bigquery_client()
    {
        await using var fake = await FakeBigQueryServer.StartAsync();
        fake.RunTime = TimeSpan.FromMilliseconds(300);
        fake.PageSize = 4;
        fake.Answer = job => job.Query switch
        {
            "SELECT typed_row" => FakeJobAnswer.Row(("n", 42L), ("ratio", 0.5), ("ok", true), ("label", "forty-two"),
                ("nothing", null),
                ("at", new DateTimeOffset(2024, 5, 17, 10, 11, 12, TimeSpan.Zero).AddTicks(3456780))),
            "SELECT ten_rows" => new FakeJobAnswer
            {
                Fields = ["i"],
                Rows = [.. Enumerable.Range(0, 10).Select(i => new object?[] { (long)i })],
            },
            "SELECT fail" => FakeJobAnswer.Error("invalidQuery", "scripted failure: Syntax error at [1:8]"),
            _ => FakeJobAnswer.Empty,
        };

        var (code, text) = await NodeConformanceSuite.RunAsync("bigquery.test.mjs", new Dictionary<string, string>
        {
            ["FAKE_BIGQUERY_ENDPOINT"] = fake.BaseAddress.ToString().TrimEnd('/'),
        }, Timeout);

        output.WriteLine(text);
        code.Should().Be(0, "Google's BigQuery client must accept the fake:\n{0}", text);
        var typed = fake.Jobs.First(j => j.Query == "SELECT typed_row");
        typed.Polls.Should().Be(0, "the job finished by time alone, without jobs.get");
    }

    [Fact]
    public async Task Should_satisfy_the_dataproc_client()
    {
        await using var fake = await FakeDataprocServer.StartAsync();
        fake.JobRunner = async (job, cancellationToken) =>
        {
            if (job.JobId.EndsWith("-error", StringComparison.Ordinal))
                return FakeJobOutcome.Error("scripted failure: the driver exited with 1");
            if (job.JobId.EndsWith("-slow", StringComparison.Ordinal))
                await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
            return FakeJobOutcome.Done;
        };

        var (code, text) = await NodeConformanceSuite.RunAsync("dataproc.test.mjs", new Dictionary<string, string>
        {
            ["FAKE_DATAPROC_ENDPOINT"] = fake.Endpoint.ToString().TrimEnd('/'),
        }, Timeout);

        output.WriteLine(text);
        code.Should().Be(0, "Google's Dataproc client must accept the fake:\n{0}", text);
    }
}
