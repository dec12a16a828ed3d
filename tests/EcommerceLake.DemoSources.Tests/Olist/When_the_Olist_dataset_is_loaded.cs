using EcommerceLake.DemoSources.Olist;
using EcommerceLake.Testing;
using EcommerceLake.Testing.DemoSources;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.DemoSources.Tests.Olist;

public class When_the_Olist_dataset_is_loaded
{
    [Theory]
    [InlineData(OlistDataset.Orders, 27_288)]
    [InlineData(OlistDataset.OrderItems, 30_263)]
    [InlineData(OlistDataset.OrderPayments, 28_881)]
    [InlineData(OlistDataset.OrderReviews, 27_333)]
    [InlineData(OlistDataset.Customers, 27_288)]
    [InlineData(OlistDataset.Products, 32_951)]
    [InlineData(OlistDataset.Sellers, 3_095)]
    [InlineData(OlistDataset.CategoryTranslation, 71)]
    public async Task Should_hold_the_documented_row_counts(string table, int rows)
    {
        var data = await OlistData.LoadAsync();

        data[table].Rows.Should().HaveCount(rows);
        data[table].Rows.Should().OnlyContain(r => r.Length == data[table].Header.Count);
    }

    [Fact]
    public async Task Should_keep_the_CRLF_inside_a_quoted_review_text()
    {
        var reviews = (await OlistData.LoadAsync())[OlistDataset.OrderReviews];
        var message = reviews.ColumnIndex("review_comment_message");

        var review = reviews.Rows.Single(r => r[0] == "e233e51d11511bf30e568c76360ace52");

        review[message].Should()
            .Be("recebi somente 1 controle Midea Split ESTILO.\r\nFaltou Controle Remoto para Ar Condicionado Consul");
        reviews.Rows.Count(r => r[message]?.Contains("\r\n") == true).Should().Be(1145);
    }

    [Fact]
    public async Task Should_keep_zip_prefixes_as_text_with_their_leading_zeros()
    {
        var data = await OlistData.LoadAsync();
        var customers = data[OlistDataset.Customers];
        var sellers = data[OlistDataset.Sellers];

        customers.Rows.Single(r => r[0] == "b2b6027bc5c5109e529d4dc6358b12c3")
            [customers.ColumnIndex("customer_zip_code_prefix")].Should().Be("08775");
        sellers.Rows.Single(r => r[0] == "d9a84e1403de8da0c3aa531d6d108ba6")
            [sellers.ColumnIndex("seller_zip_code_prefix")].Should().Be("03562");
    }

    [Fact]
    public async Task Should_read_empty_fields_as_null_and_keep_the_rest_exact()
    {
        var reviews = (await OlistData.LoadAsync())[OlistDataset.OrderReviews];

        var review = reviews.Rows.Single(r => r[0] == "9a0abbb668bafb95a6d2b05db43284c4");

        review.Should().Equal("9a0abbb668bafb95a6d2b05db43284c4", "d7bd0e4afdf94846eb73642b4e3e75c3", "3", null, null,
            "2017-04-30 00:00:00", "2017-05-03 00:02:22");
    }

    [Fact]
    public async Task Should_read_headers_without_BOM_or_quotes_and_keep_the_typo()
    {
        var data = await OlistData.LoadAsync();

        data[OlistDataset.CategoryTranslation].Header.Should()
            .Equal("product_category_name", "product_category_name_english");
        data[OlistDataset.Products].Header.Should()
            .StartWith(["product_id", "product_category_name", "product_name_lenght"]);
        data[OlistDataset.Sellers].Rows[0][0].Should().Be("3442f8959a84dea7ee197c632cb2df15");
    }

    [Fact]
    public void Should_find_the_data_folder_by_walking_up_from_the_application()
    {
        var folder = OlistDataset.LocateDirectory();

        folder.Should().EndWith(Path.Combine("data", "olist"));
        File.Exists(Path.Combine(folder, "olist_orders_dataset.csv.gz")).Should().BeTrue();
    }

    [Fact]
    public async Task Should_name_the_folder_and_the_missing_files_when_an_explicit_folder_lacks_them()
    {
        using var empty = new TempDirectory("olist-missing");

        var load = () => OlistDataset.LoadAsync(empty.Path);

        (await load.Should().ThrowAsync<DirectoryNotFoundException>())
            .Which.Message.Should().Contain(empty.Path).And.Contain("olist_orders_dataset.csv.gz");
    }
}
