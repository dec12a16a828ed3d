using EcommerceLake.Ingestion.Connectors;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

public sealed class When_the_vendor_fails_with_server_errors(ReviewApiFixture fixture) : IClassFixture<ReviewApiFixture>
{
    private static readonly Dictionary<string, string?> Backoff = new()
    {
        ["Sources:Reviews:MaxRetries"] = "8",
        ["Sources:Reviews:RetryDelay"] = "00:00:01",
        ["Sources:Reviews:MaxRetryDelay"] = "00:00:04",
    };

    [Fact]
    public async Task Should_back_off_with_jitter_up_to_the_cap_and_land_every_review()
    {
        var keys = await OlistReviews.KeysInApiOrderAsync(fixture.ConnectionString);
        await using var it = await VendorRun.StartAsync(fixture.ConnectionString, settings: Backoff);
        it.Vendor.When(c => c.Number is >= 2 and <= 8 ? Misbehaviour.ServerError(c.Number % 2 == 0 ? 500 : 503) : null);

        var batch = await it.Run.ExtractAsync();

        var waits = it.Clock.Waits;
        waits.Should().HaveCount(7);
        waits.Should().OnlyContain(w => w > TimeSpan.Zero && w <= TimeSpan.FromSeconds(4),
            "back-off is capped by Sources:Reviews:MaxRetryDelay");
        waits.Distinct().Should().HaveCountGreaterThan(1, "jitter spreads the waits");
        VendorRun.Keys(batch).Should().Equal(VendorRun.Keys(keys));
    }

    [Fact]
    public async Task Should_grow_the_wait_exponentially_below_the_cap()
    {
        await using var it = await VendorRun.StartAsync(fixture.ConnectionString,
            settings: new Dictionary<string, string?>
            {
                ["Sources:Reviews:MaxRetries"] = "6",
                ["Sources:Reviews:RetryDelay"] = "00:00:01",
                ["Sources:Reviews:MaxRetryDelay"] = "01:00:00",
            });
        it.Vendor.When(c => c.Number is >= 1 and <= 6 ? Misbehaviour.ServerError() : null);

        await it.Run.ExtractAsync();

        var waits = it.Clock.Waits;
        waits.Should().HaveCount(6);
        // Decorrelated jitter around 1, 2, 4, 8, 16, 32 s: the later waits are well above the first.
        waits.Skip(3).Sum(w => w.TotalSeconds).Should().BeGreaterThan(waits.Take(3).Sum(w => w.TotalSeconds));
    }

    [Fact]
    public async Task Should_throw_after_the_last_retry_so_the_offset_stays()
    {
        await using var it = await VendorRun.StartAsync(fixture.ConnectionString,
            settings: new Dictionary<string, string?> { ["Sources:Reviews:MaxRetries"] = "2" });
        it.Vendor.When(c => c.Number >= 3 ? Misbehaviour.ServerError(502) : null);

        var extract = () => it.Run.ExtractAsync();

        (await extract.Should().ThrowAsync<SourceUnavailableException>()).Which.Message.Should().Contain("502");
        it.Vendor.PageCalls.Should().HaveCount(2 + 1 + 2);
        it.Clock.Waits.Should().HaveCount(2);
    }
}
