using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Economics;

public sealed class When_an_sgs_item_is_malformed
{
    [Fact]
    public async Task Should_quarantine_it_with_its_position_and_reason_and_land_the_rest()
    {
        await using var bed = await EconomicsTestBed.StartAsync();
        bed.Server.InjectItem(1, 1, """{"data":"31/02/2018","valor":"3.30"}""");
        bed.Server.InjectItem(1, 3, """{"data":"06/01/2016","valor":"4,03"}""");
        bed.Server.InjectItem(1, 5, "42");

        var batch = await bed.ExtractAsync(EconomicsTestBed.UsdBrl);

        batch.Quarantine.Select(q => q.Position).Should().Equal(
            "series 1 window 2016-01-01..2025-12-31 item 2",
            "series 1 window 2016-01-01..2025-12-31 item 4",
            "series 1 window 2016-01-01..2025-12-31 item 6",
            "series 1 window 2026-01-01..2026-11-21 item 1",
            "series 1 window 2026-01-01..2026-11-21 item 2",
            "series 1 window 2026-01-01..2026-11-21 item 3");
        batch.Quarantine[0].Reason.Should().Contain("'31/02/2018' is not a dd/MM/yyyy date");
        batch.Quarantine[1].Reason.Should().Contain("'4,03' is not a decimal number");
        batch.Quarantine[2].Reason.Should().Contain("not an object");
        batch.Quarantine[2].Content.Should().Be("42");
        batch.Rows.Should().HaveCount(750 + 1255, "every real value still lands");
        batch.Result.OffsetTo.Should().Be("""{"lastDate":"2024-12-31"}""");
    }
}
