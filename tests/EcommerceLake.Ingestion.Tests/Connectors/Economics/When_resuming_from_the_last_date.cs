using EcommerceLake.Streams.Offsets;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Economics;

public sealed class When_resuming_from_the_last_date
{
    [Fact]
    public async Task Should_ask_from_the_day_after_up_to_today()
    {
        await using var bed = await EconomicsTestBed.StartAsync();

        var batch = await bed.ExtractAsync(EconomicsTestBed.UsdBrl, """{"lastDate":"2018-12-28"}""");

        bed.Server.Requests.Should()
            .Equal("/dados/serie/bcdata.sgs.1/dados?formato=json&dataInicial=29/12/2018&dataFinal=21/11/2026");
        batch.Rows.Select(r => r["reference_date"]).Should().StartWith(["2018-12-31", "2020-01-02"]);
        batch.Rows.Should().HaveCount(1 + 1255);
        batch.Result.IsFullSnapshot.Should().BeFalse();
        batch.Result.OffsetTo.Should().Be("""{"lastDate":"2024-12-31"}""");
    }

    [Fact]
    public async Task Should_keep_the_offset_when_nothing_new_was_published()
    {
        await using var bed = await EconomicsTestBed.StartAsync();
        var first = await bed.ExtractAsync(EconomicsTestBed.UsdBrl);

        var again = await bed.ExtractAsync(EconomicsTestBed.UsdBrl, first.Result.OffsetTo);

        again.Rows.Should().BeEmpty();
        again.Result.OffsetTo.Should().Be(first.Result.OffsetTo);
        bed.Server.Requests[^1].Should().EndWith("dataInicial=01/01/2025&dataFinal=21/11/2026");
    }

    [Fact]
    public async Task Should_not_call_the_api_when_the_offset_is_today()
    {
        await using var bed = await EconomicsTestBed.StartAsync();

        var batch = await bed.ExtractAsync(EconomicsTestBed.UsdBrl, """{"lastDate":"2026-11-21"}""");

        bed.Server.Requests.Should().BeEmpty();
        batch.Result.OffsetTo.Should().Be("""{"lastDate":"2026-11-21"}""");
    }

    [Fact]
    public async Task Should_read_everything_again_when_a_full_run_is_forced()
    {
        await using var bed = await EconomicsTestBed.StartAsync();

        var batch = await bed.ExtractAsync(EconomicsTestBed.UsdBrl, """{"lastDate":"2024-12-31"}""", forceFull: true);

        batch.Result.IsFullSnapshot.Should().BeTrue();
        batch.Rows.Should().HaveCount(750 + 1255);
    }

    [Theory]
    [InlineData("{\"lastDate\":\"31/12/2024\"}")]
    [InlineData("{\"changeVersion\":3}")]
    [InlineData("[]")]
    public void Should_reject_an_offset_that_is_not_a_date_offset(string offset)
    {
        var act = () => EconomicsOffset.Parse(offset);

        act.Should().Throw<FormatException>().WithMessage("*lastDate*");
    }

    [Fact]
    public void Should_treat_an_empty_offset_as_none()
    {
        EconomicsOffset.Parse(null).Should().BeNull();
        EconomicsOffset.Parse("{}").Should().BeNull();
        EconomicsOffset.Parse(EconomicsOffset.Format(new DateOnly(2024, 12, 31)))
            .Should().Be(new DateOnly(2024, 12, 31));
    }
}
