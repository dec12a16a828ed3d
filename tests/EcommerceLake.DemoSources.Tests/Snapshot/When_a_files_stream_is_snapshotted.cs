using System.Text;
using EcommerceLake.DemoSources.Snapshot;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.DemoSources.Tests.Snapshot;

public sealed class When_a_files_stream_is_snapshotted : IDisposable
{
    private static readonly StreamSpec Translation = StreamCatalog.Default.Get("files", "category_translation");
    private static readonly StreamSpec Products = StreamCatalog.Default.Get("files", "products");
    private static readonly DateTime Noon = new(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _drop = new("snapshot-drop");

    public void Dispose() => _drop.Dispose();

    [Fact]
    public async Task Should_let_the_later_file_win_per_key_whatever_the_names()
    {
        Write("z_category_name_translation.csv", Noon,
            "product_category_name,product_category_name_english\nartes,old_art\nbebes,babies\n");
        Write("a_category_name_translation.csv", Noon.AddMinutes(1),
            "product_category_name,product_category_name_english\nartes,art\npc_gamer,pc_gamer\n");

        var snapshot = await Snapshot().ReadAsync(Translation);

        snapshot.Files.Select(Path.GetFileName).Should()
            .Equal("z_category_name_translation.csv", "a_category_name_translation.csv");
        snapshot.Rows.Should().HaveCount(3);
        snapshot.Rows["artes"].Should().Equal("artes", "art");
        snapshot.Rows["bebes"].Should().Equal("bebes", "babies");
    }

    [Fact]
    public async Task Should_order_files_of_the_same_modification_time_by_name()
    {
        Write("product_category_name_translation.csv", Noon,
            "\uFEFFproduct_category_name,product_category_name_english\nartes,first\n");
        Write("product_category_name_translation_2018-10.csv", Noon,
            "\uFEFFproduct_category_name,product_category_name_english\nartes,second\n");

        var snapshot = await Snapshot().ReadAsync(Translation);

        snapshot.Rows["artes"].Should().Equal("artes", "second");
    }

    [Fact]
    public async Task Should_read_empty_measures_as_zero_and_trim_strings()
    {
        Write("olist_products_dataset.csv", Noon,
            "\"product_id\",\"product_category_name\",\"product_name_lenght\",\"product_description_lenght\"," +
            "\"product_photos_qty\",\"product_weight_g\",\"product_length_cm\",\"product_height_cm\"," +
            "\"product_width_cm\"\n" +
            "\"p1\",,,,,\"\",10,20, 30 \n" +
            "p2,  artes ,40,287,1,225,16,10,14\n");

        var snapshot = await Snapshot().ReadAsync(Products);

        snapshot.Rejected.Should().BeEmpty();
        snapshot.Rows["p1"].Should().Equal("p1", null, "0", "0", "0", "0", "10", "20", "30");
        snapshot.Rows["p2"].Should().Equal("p2", "artes", "40", "287", "1", "225", "16", "10", "14");
    }

    [Fact]
    public async Task Should_reject_rows_that_cannot_reach_trusted()
    {
        Write("olist_products_dataset.csv", Noon,
            "product_id,product_category_name,product_name_lenght,product_description_lenght,product_photos_qty," +
            "product_weight_g,product_length_cm,product_height_cm,product_width_cm\n" +
            ",artes,1,1,1,1,1,1,1\np2,artes,heavy,1,1,1,1,1,1\np3,artes,1,1,1,1,1,1,1\n");

        var snapshot = await Snapshot().ReadAsync(Products);

        snapshot.Rows.Keys.Should().Equal("p3");
        snapshot.Rejected.Should().HaveCount(2);
        snapshot.Rejected[0].Should().Contain("record 1").And.Contain("product_id");
        snapshot.Rejected[1].Should().Contain("record 2").And.Contain("heavy");
    }

    [Fact]
    public async Task Should_ignore_files_that_do_not_match_the_glob()
    {
        Write("product_category_name_translation.csv", Noon,
            "product_category_name,product_category_name_english\nartes,art\n");
        Write("product_category_name_translation.csv.partial", Noon.AddHours(1),
            "product_category_name,product_category_name_english\nartes,partial\n");
        Write("olist_sellers_dataset.csv", Noon.AddHours(1),
            "seller_id,seller_zip_code_prefix,seller_city,seller_state\ns1,01000,sao paulo,SP\n");

        var snapshot = await Snapshot().ReadAsync(Translation);
        var counts = await Snapshot()
            .CountAsync([Translation, StreamCatalog.Default.Get("files", "sellers"), Products]);

        snapshot.Rows["artes"].Should().Equal("artes", "art");
        counts.RowsByStream.Should().Equal(new Dictionary<string, long>
        {
            ["files.category_translation"] = 1, ["files.sellers"] = 1, ["files.products"] = 0,
        });
    }

    [Fact]
    public async Task Should_name_the_file_of_a_malformed_csv()
    {
        Write("product_category_name_translation.csv", Noon,
            "product_category_name,product_category_name_english\nartes,\"art\"x\n");

        var read = () => Snapshot().ReadAsync(Translation);

        (await read.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should()
            .Contain("product_category_name_translation.csv");
    }

    private SourceSnapshot Snapshot() => new("Host=unused", _drop.Path);

    private void Write(string name, DateTime modifiedUtc, string content)
    {
        var path = Path.Combine(_drop.Path, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        File.SetLastWriteTimeUtc(path, modifiedUtc);
    }
}
