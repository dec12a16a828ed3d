using EcommerceLake.DemoSources.Economics;
using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Ingestion.Connectors.Economics;
using EcommerceLake.Streams;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Economics;

public sealed class When_extracting_economic_indicators
{
    [Fact]
    public async Task Should_ask_in_windows_of_at_most_ten_years_and_land_every_real_value()
    {
        await using var bed = await EconomicsTestBed.StartAsync();

        var batch = await bed.ExtractAsync(EconomicsTestBed.UsdBrl);

        bed.Server.Requests.Should().Equal(
            "/dados/serie/bcdata.sgs.1/dados?formato=json&dataInicial=01/01/2016&dataFinal=31/12/2025",
            "/dados/serie/bcdata.sgs.1/dados?formato=json&dataInicial=01/01/2026&dataFinal=21/11/2026");
        batch.Rows.Should().HaveCount(750 + 1255, "the real PTAX values of 2016-2018 and 2020-2024");
        batch.Rows[0].Should().Equal(new Dictionary<string, string?>
        {
            ["_op"] = "I", ["_change_version"] = "20160104", ["reference_date"] = "2016-01-04", ["value"] = "4.0387",
        });
        batch.Rows[^1]["reference_date"].Should().Be("2024-12-31");
        batch.Rows[^1]["value"].Should().Be("6.1923");
        batch.Quarantine.Should().BeEmpty();
        batch.Result.OffsetTo.Should().Be("""{"lastDate":"2024-12-31"}""");
        batch.Result.IsFullSnapshot.Should().BeTrue();
    }

    [Theory]
    [InlineData("ipca", 433, 36 + 60, "2024-12-01", "0.52")]
    [InlineData("selic", 432, 1092 + 1827, "2024-12-31", "12.25")]
    public async Task Should_read_each_stream_from_its_series(
        string stream, int series, int values, string lastDate, string lastValue)
    {
        await using var bed = await EconomicsTestBed.StartAsync();

        var batch = await bed.ExtractAsync(StreamCatalog.Default.Get("economics", stream));

        bed.Server.Requests.Should()
            .OnlyContain(r => r.StartsWith($"/dados/serie/bcdata.sgs.{series}/dados?", StringComparison.Ordinal));
        batch.Rows.Should().HaveCount(values);
        batch.Rows[^1]["reference_date"].Should().Be(lastDate);
        batch.Rows[^1]["value"].Should().Be(lastValue);
    }

    [Fact]
    public async Task Should_use_a_configured_series_code()
    {
        await using var bed = await EconomicsTestBed.StartAsync();
        bed.Options.Series["usd_brl"] = 10813;

        var batch = await bed.ExtractAsync(EconomicsTestBed.UsdBrl);

        bed.Server.Requests.Should()
            .OnlyContain(r => r.StartsWith("/dados/serie/bcdata.sgs.10813/", StringComparison.Ordinal));
        batch.Rows[0]["value"].Should().Be("4.0108", "the first buy rate of 2016");
    }

    [Fact]
    public void Should_split_a_long_range_into_contiguous_windows_of_at_most_ten_years()
    {
        var windows = EconomicsConnector.Windows(new DateOnly(2000, 2, 29), new DateOnly(2031, 6, 30));

        windows.Should().HaveCount(4);
        windows[0].Should().Be((new DateOnly(2000, 2, 29), new DateOnly(2010, 2, 27)));
        windows[^1].To.Should().Be(new DateOnly(2031, 6, 30));
        for (var i = 1; i < windows.Count; i++) windows[i].From.Should().Be(windows[i - 1].To.AddDays(1));
        windows.Should().OnlyContain(w => w.To <= w.From.AddYears(SgsApiServer.MaxWindowYears) && w.From <= w.To);
        EconomicsConnector.Windows(new DateOnly(2026, 1, 2), new DateOnly(2026, 1, 1)).Should().BeEmpty();
    }

    [Fact]
    public async Task Should_refuse_to_read_when_disabled()
    {
        await using var bed = await EconomicsTestBed.StartAsync();
        bed.Options.Enabled = false;

        var act = () => bed.ExtractAsync(EconomicsTestBed.UsdBrl);

        (await act.Should().ThrowAsync<SourceUnavailableException>()).Which.Message
            .Should().Contain("Sources:Economics:Enabled");
        bed.Server.Requests.Should().BeEmpty();
    }
}
