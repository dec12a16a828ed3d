using EcommerceLake.Ingestion.Connectors;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Economics;

public sealed class When_the_sgs_api_fails
{
    [Theory]
    [InlineData(503)]
    [InlineData(500)]
    [InlineData(429)]
    public async Task Should_retry_a_transient_failure(int status)
    {
        await using var bed = await EconomicsTestBed.StartAsync(maxRetries: 3);
        bed.Server.FailNext(2, status);

        var batch = await bed.ExtractAsync(EconomicsTestBed.UsdBrl);

        bed.Server.Requests.Should().HaveCount(2 + 2, "two failed attempts, then the two windows");
        batch.Rows.Should().HaveCount(750 + 1255);
    }

    [Fact]
    public async Task Should_fail_with_the_status_when_retries_run_out()
    {
        await using var bed = await EconomicsTestBed.StartAsync(maxRetries: 1);
        bed.Server.FailNext(5, 503);

        var act = () => bed.ExtractAsync(EconomicsTestBed.UsdBrl);

        (await act.Should().ThrowAsync<SourceUnavailableException>()).Which.Message.Should().Contain("503");
        bed.Server.Requests.Should().HaveCount(2, "one attempt and one retry");
    }

    [Fact]
    public async Task Should_not_retry_a_refused_request()
    {
        await using var bed = await EconomicsTestBed.StartAsync(maxRetries: 3);
        bed.Server.FailNext(1, 400);

        var act = () => bed.ExtractAsync(EconomicsTestBed.UsdBrl);

        (await act.Should().ThrowAsync<SourceUnavailableException>()).Which.Message.Should().Contain("400");
        bed.Server.Requests.Should().HaveCount(1);
    }
}
