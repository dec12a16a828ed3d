using System.Text.Json;
using EcommerceLake.Ingestion.Connectors.Files;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files.Sftp;

public sealed class When_reading_the_drop_over_sftp(SshServer sshd) : IClassFixture<SshServer>, IAsyncLifetime
{
    private static readonly DateTime Dropped = new(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);
    private FilesTestDrop _drop = null!;

    public async Task InitializeAsync()
    {
        _drop = await FilesTestDrop.StartAsync(sshd);
        await _drop.AddOlistFileAsync("olist_sellers_dataset.csv.gz", Dropped);
        await _drop.AddOlistFileAsync("olist_products_dataset.csv.gz", Dropped);
        await _drop.AddOlistFileAsync("product_category_name_translation.csv.gz", Dropped.AddSeconds(7));
    }

    public async Task DisposeAsync() => await _drop.DisposeAsync();

    [Fact]
    public async Task Should_list_names_sizes_and_modification_times_to_the_second()
    {
        var store = _drop.Services.GetRequiredService<IFileStore>();
        await using var session = await store.OpenAsync(CancellationToken.None);

        var files = await session.ListAsync(CancellationToken.None);

        store.Location.Should()
            .Be($"sftp://{sshd.Server.Username}@127.0.0.1:{sshd.Server.Port}/{_drop.DropDirectory.TrimStart('/')}");
        files.Select(f => f.Name).Should().BeEquivalentTo(
            "olist_sellers_dataset.csv", "olist_products_dataset.csv", "product_category_name_translation.csv");
        foreach (var file in files)
            file.Size.Should().Be(new FileInfo(Path.Combine(_drop.DropDirectory, file.Name)).Length);
        files.Single(f => f.Name.StartsWith("product_category", StringComparison.Ordinal)).ModifiedUtc
            .Should().Be(Dropped.AddSeconds(7));
    }

    [Fact]
    public async Task Should_land_every_real_seller_as_the_local_drop_does()
    {
        var batch = await _drop.ExtractAsync("sellers");

        batch.Rows.Should().HaveCount(3_095);
        batch.Quarantine.Should().BeEmpty();
        batch.Rows[0].Should().Contain(new Dictionary<string, string?>
        {
            ["_change_version"] = FilesTestDrop.Version(Dropped, 2).ToString(),
            ["seller_id"] = "3442f8959a84dea7ee197c632cb2df15",
            ["seller_zip_code_prefix"] = "13023",
            ["seller_city"] = "campinas",
        });
        batch.Rows[^1]["seller_id"].Should().Be("9e25199f6ef7e7c347120ff175652c3b");
    }

    [Fact]
    public async Task Should_read_files_larger_than_many_sftp_reads()
    {
        var batch = await _drop.ExtractAsync("products");

        new FileInfo(Path.Combine(_drop.DropDirectory, "olist_products_dataset.csv")).Length
            .Should().BeGreaterThan(16 * 32 * 1024);
        batch.Rows.Should().HaveCount(32_951);
        batch.Quarantine.Should().BeEmpty();
        batch.Rows[^1]["product_id"].Should().Be("106392145fca363410d287a815be6de4");
    }

    [Fact]
    public async Task Should_read_the_translation_file_through_its_byte_order_mark()
    {
        var batch = await _drop.ExtractAsync("category_translation");

        batch.Rows.Should().HaveCount(71);
        batch.Rows[0]["product_category_name"].Should().Be("beleza_saude");
    }

    [Fact]
    public async Task Should_ingest_nothing_when_run_again_with_the_returned_offset()
    {
        var first = await _drop.ExtractAsync("sellers");

        var second = await _drop.ExtractAsync("sellers", first.Result.OffsetTo);

        second.Rows.Should().BeEmpty();
        second.Result.OffsetTo.Should().Be(first.Result.OffsetTo);
        using var offset = JsonDocument.Parse(first.Result.OffsetTo);
        offset.RootElement.GetProperty("files").EnumerateArray().Single().GetProperty("modifiedUtc").GetDateTime()
            .ToUniversalTime().Should().Be(Dropped);
    }

    [Fact]
    public async Task Should_ingest_only_the_file_that_changed()
    {
        var first = await _drop.ExtractAsync("sellers");
        await _drop.AddOlistFileAsync(
            "olist_sellers_dataset.csv.gz", Dropped.AddHours(1), "partner_sellers_2024-06.csv");

        var second = await _drop.ExtractAsync("sellers", first.Result.OffsetTo);

        second.Rows.Should().HaveCount(3_095);
        second.Rows.Should()
            .OnlyContain(r => long.Parse(r["_change_version"]!) >= FilesTestDrop.Version(Dropped.AddHours(1), 0));
        var third = await _drop.ExtractAsync("sellers", second.Result.OffsetTo);
        third.Rows.Should().BeEmpty();
    }
}
