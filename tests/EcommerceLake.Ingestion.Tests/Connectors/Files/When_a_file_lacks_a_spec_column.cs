using System.Text.Json;
using EcommerceLake.Contracts;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files;

public sealed class When_a_file_lacks_a_spec_column : IAsyncLifetime
{
    private static readonly DateTime Dropped = new(2024, 5, 4, 0, 0, 0, DateTimeKind.Utc);
    private FilesTestDrop _drop = null!;

    public async Task InitializeAsync()
    {
        _drop = await FilesTestDrop.StartAsync();
        await _drop.AddOlistFileAsync("olist_sellers_dataset.csv.gz", Dropped);
        _drop.AddFile("renamed_sellers.csv",
            "seller_id,seller_zip_code_prefix,seller_city,state\nx1,\"01001\",sao paulo,SP\n", Dropped.AddMinutes(1));
    }

    public async Task DisposeAsync() => await _drop.DisposeAsync();

    [Fact]
    public async Task Should_quarantine_the_whole_file_naming_the_column()
    {
        var batch = await _drop.ExtractAsync("sellers");

        var quarantined = batch.Quarantine.Should().ContainSingle().Subject;
        quarantined.Position.Should().Be("renamed_sellers.csv");
        quarantined.Reason.Should().Contain("seller_state");
        batch.Rows.Should().NotContain(r => r["seller_id"] == "x1");
    }

    [Fact]
    public async Task Should_report_the_renamed_column_as_schema_drift()
    {
        var batch = await _drop.ExtractAsync("sellers");

        batch.Result.SchemaDrift.Should().BeEquivalentTo(
            new SchemaDrift { Added = ["state"], Missing = ["seller_state"] });
    }

    [Fact]
    public async Task Should_load_the_other_files_and_not_retry_the_bad_one()
    {
        var batch = await _drop.ExtractAsync("sellers");
        batch.Rows.Should().HaveCount(3_095);

        using var offset = JsonDocument.Parse(batch.Result.OffsetTo);
        offset.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString())
            .Should().BeEquivalentTo("olist_sellers_dataset.csv", "renamed_sellers.csv");
        var again = await _drop.ExtractAsync("sellers", batch.Result.OffsetTo);
        again.Quarantine.Should().BeEmpty();
        again.Rows.Should().BeEmpty();
    }
}
