using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Ingestion.Connectors.Reviews;
using EcommerceLake.Ingestion.Tests.Connectors.Files;
using FluentAssertions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

public sealed class When_the_review_api_fails(ReviewApiFixture fixture) : IClassFixture<ReviewApiFixture>
{
    private static readonly object FirstPage = new
    {
        data = new[]
        {
            new
            {
                review_id = "r1", order_id = "o1", review_score = 5, review_answer_timestamp = "2018-01-01T10:00:00Z",
            },
        },
        next_cursor = "page-2",
    };

    [Fact]
    public async Task Should_throw_when_a_page_cannot_be_read()
    {
        var broken = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Database = "no_such_database" }
            .ConnectionString;
        await using var server = await ReviewApiFixture.StartServerAsync(broken);
        await using var run = new ReviewsTestRun(await ReviewApiFixture.StartConnectorAsync(server));

        var extract = () => run.ExtractAsync();

        (await extract.Should().ThrowAsync<SourceUnavailableException>()).Which.Message.Should().Contain("500");
    }

    [Fact]
    public async Task Should_throw_when_a_later_page_fails_so_the_offset_is_not_moved()
    {
        await using var vendor = await FakeReviewVendor.StartAsync((call, _) =>
            call == 1 ? Results.Json(FirstPage) : Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        await using var run = new ReviewsTestRun(await StartAsync(vendor.BaseAddress, maxRetries: 0));

        var extract = () => run.ExtractAsync();

        (await extract.Should().ThrowAsync<SourceUnavailableException>()).Which.Message.Should().Contain("503");
        vendor.PageCalls.Should().Be(2);
    }

    [Fact]
    public async Task Should_retry_a_transient_failure_and_go_on()
    {
        await using var vendor = await FakeReviewVendor.StartAsync((call, _) => call switch
        {
            1 => Results.Json(FirstPage),
            2 => Results.StatusCode(StatusCodes.Status503ServiceUnavailable),
            _ => Results.Json(new { data = Array.Empty<object>(), next_cursor = (string?)null }),
        });
        await using var run = new ReviewsTestRun(await StartAsync(vendor.BaseAddress, maxRetries: 2));

        var batch = await run.ExtractAsync();

        batch.Rows.Should().ContainSingle().Which["review_id"].Should().Be("r1");
        vendor.PageCalls.Should().Be(3);
    }

    [Fact]
    public async Task Should_report_refused_credentials_without_the_secret()
    {
        const string wrongSecret = "wrong-secret-3b1d";
        var logs = new FakeLogCollector();
        await using var server = await ReviewApiFixture.StartServerAsync(fixture.ConnectionString);
        await using var run = new ReviewsTestRun(await ConnectorHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Sources:Reviews:BaseUrl"] = server.BaseAddress.ToString(),
                ["Sources:Reviews:ClientId"] = ReviewApiFixture.ClientId,
                ["Sources:Reviews:ClientSecret"] = wrongSecret,
                ["Sources:Reviews:MaxRetries"] = "0",
            },
            b => b.AddReviewsConnector(),
            s => s.AddLogging(l => l.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Trace))));

        var extract = () => run.ExtractAsync();

        var error = (await extract.Should().ThrowAsync<SourceUnavailableException>()).Which;
        error.Message.Should().Contain("401").And.Contain("invalid_client").And.NotContain(wrongSecret);
        logs.GetSnapshot().Select(r => r.Message + " " + r.Exception).Should().NotBeEmpty()
            .And.NotContain(m => m.Contains(wrongSecret));
    }

    private static Task<ConnectorHost> StartAsync(Uri baseAddress, int maxRetries) => ConnectorHost.StartAsync(
        new Dictionary<string, string?>
        {
            ["Sources:Reviews:BaseUrl"] = baseAddress.ToString(),
            ["Sources:Reviews:ClientId"] = "id",
            ["Sources:Reviews:ClientSecret"] = "secret",
            ["Sources:Reviews:MaxRetries"] = maxRetries.ToString(),
            ["Sources:Reviews:RetryDelay"] = "00:00:00",
        },
        b => b.AddReviewsConnector());
}
