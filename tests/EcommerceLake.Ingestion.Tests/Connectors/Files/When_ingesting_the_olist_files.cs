using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files;

public sealed class When_ingesting_the_olist_files : IAsyncLifetime
{
    private static readonly DateTime Dropped = new(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);
    private FilesTestDrop _drop = null!;

    public async Task InitializeAsync()
    {
        _drop = await FilesTestDrop.StartAsync();
        await _drop.AddOlistFileAsync("olist_sellers_dataset.csv.gz", Dropped);
        await _drop.AddOlistFileAsync("olist_products_dataset.csv.gz", Dropped);
        await _drop.AddOlistFileAsync("product_category_name_translation.csv.gz", Dropped);
    }

    public async Task DisposeAsync() => await _drop.DisposeAsync();

    [Fact]
    public async Task Should_land_every_seller_with_the_raw_field_text()
    {
        var batch = await _drop.ExtractAsync("sellers");

        batch.Rows.Should().HaveCount(3_095);
        batch.Manifest.RowCount.Should().Be(3_095);
        batch.Quarantine.Should().BeEmpty();
        batch.Result.IsFullSnapshot.Should().BeFalse();
        batch.Rows[0].Should().Contain(new Dictionary<string, string?>
        {
            ["_op"] = "I",
            ["_change_version"] = FilesTestDrop.Version(Dropped, 2).ToString(),
            ["seller_id"] = "3442f8959a84dea7ee197c632cb2df15",
            ["seller_zip_code_prefix"] = "13023",
            ["seller_city"] = "campinas",
            ["seller_state"] = "SP",
        });
        batch.Rows.Should()
            .Contain(r => r["seller_zip_code_prefix"] == "02750", "quoted zip prefixes keep their leading zeros");
        batch.Rows[^1]["seller_id"].Should().Be("9e25199f6ef7e7c347120ff175652c3b");
        batch.Rows[^1]["_change_version"].Should().Be(FilesTestDrop.Version(Dropped, 3_096).ToString());
    }

    [Fact]
    public async Task Should_land_every_product_under_the_header_names_as_spelt()
    {
        var batch = await _drop.ExtractAsync("products");

        batch.Rows.Should().HaveCount(32_951);
        batch.Quarantine.Should().BeEmpty();
        batch.Rows[0]["product_id"].Should().Be("1e9e8ef04dbcff4541ed26657ea517e5");
        batch.Rows[0]["product_name_lenght"].Should().Be("40");
        batch.Rows[0]["product_description_lenght"].Should().Be("287");
        batch.Rows[^1]["product_id"].Should().Be("106392145fca363410d287a815be6de4");
        batch.Rows[^1]["product_width_cm"].Should().Be("7");
    }

    [Fact]
    public async Task Should_read_the_translation_file_through_its_byte_order_mark()
    {
        var batch = await _drop.ExtractAsync("category_translation");

        batch.Rows.Should().HaveCount(71);
        batch.Quarantine.Should().BeEmpty();
        batch.Rows[0]["product_category_name"].Should().Be("beleza_saude");
        batch.Rows[0]["product_category_name_english"].Should().Be("health_beauty");
        batch.Rows[^1]["product_category_name"].Should().Be("seguros_e_servicos");
    }

    [Fact]
    public async Task Should_record_the_file_in_the_offset()
    {
        var batch = await _drop.ExtractAsync("sellers");

        using var offset = JsonDocument.Parse(batch.Result.OffsetTo);
        var files = offset.RootElement.GetProperty("files").EnumerateArray().ToList();
        files.Should().ContainSingle();
        files[0].GetProperty("name").GetString().Should().Be("olist_sellers_dataset.csv");
        files[0].GetProperty("size").GetInt64().Should()
            .Be(new FileInfo(Path.Combine(_drop.DropDirectory, "olist_sellers_dataset.csv")).Length);
        files[0].GetProperty("modifiedUtc").GetDateTime().ToUniversalTime().Should().Be(Dropped);
    }
}
