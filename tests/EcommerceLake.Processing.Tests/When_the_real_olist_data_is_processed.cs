using EcommerceLake.Lake;
using EcommerceLake.Processing.InProcess;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Processing.Tests;

public sealed class When_the_real_olist_data_is_processed
{
    [Theory]
    [InlineData("marketplace", "customers", "olist_customers_dataset.csv.gz")]
    [InlineData("marketplace", "order_items", "olist_order_items_dataset.csv.gz")]
    [InlineData("marketplace", "products", "olist_products_dataset.csv.gz")]
    [InlineData("reviews", "order_reviews", "olist_order_reviews_dataset.csv.gz")]
    [InlineData("files", "category_translation", "product_category_name_translation.csv.gz")]
    public async Task Should_type_every_row_without_a_reject(string source, string stream, string file)
    {
        using var directory = new TempDirectory("processing-olist");
        var lake = new LocalLakeStore(directory.Path);
        var engine = new InProcessProcessingEngine(lake, StreamCatalog.Default,
            Options.Create(new LakeOptions { Root = directory.Path, PartRows = 10_000 }),
            NullLogger<InProcessProcessingEngine>.Instance);
        var spec = StreamCatalog.Default.Get(source, stream);
        var records = OlistFiles.Read(file, spec);
        var runId = Guid.NewGuid();
        var land = await LandBatches.WriteAsync(lake, runId, spec, records.Select(r => (string?[])["I", "1", .. r]),
            partRows: 10_000, isFullSnapshot: true);

        var result = await engine.ProcessAsync(
            new ProcessingRequest(runId, source, stream, land), CancellationToken.None);

        result.RejectedCount.Should().Be(0,
            string.Join("\n", (await LandBatches.ReadQuarantineAsync(lake, result.RawBatchUri)).Take(5)));
        result.RowCount.Should().Be(records.Count);
        result.IsFullSnapshot.Should().BeTrue();
        var raw = await LandBatches.ReadRawAsync(lake, result.RawBatchUri);
        foreach (var column in spec.Columns.Where(c => c.Type == ColumnType.String && c.Name.Contains("zip")))
        {
            var index = spec.Columns.ToList().IndexOf(column);
            var leadingZeros = records.Count(r => r[index]?.StartsWith('0') == true);
            leadingZeros.Should().BeGreaterThan(0);
            raw.Count(r => r[index + 2]?.StartsWith('0') == true).Should()
                .Be(leadingZeros, "zip prefixes keep their leading zeros");
        }
    }
}
