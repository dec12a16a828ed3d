using System.Text;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files;

public sealed class When_a_file_has_malformed_rows : IAsyncLifetime
{
    private const string Name = "partner_sellers_2024-05.csv";
    private static readonly DateTime Dropped = new(2024, 5, 2, 8, 30, 0, DateTimeKind.Utc);
    private FilesTestDrop _drop = null!;

    public async Task InitializeAsync()
    {
        _drop = await FilesTestDrop.StartAsync();
        // The real sellers file (one record per line) with three records broken in the middle.
        var lines = new StreamReader(OlistData.Open("olist_sellers_dataset.csv.gz")).ReadToEnd().TrimEnd('\n')
            .Split('\n');
        lines[1499] = "\"7caa63f175b1cecbfaadd8b5ab9998c7\",\"02750\",sao paulo";          // line 1500: a field short
        lines[1999] = "a4b6b9b992b46e9ef863637af96e04bc,\"88090\",florian\"opolis,SC";      // line 2000: stray quote
        var bytes = new List<byte>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (i == 2499)
                bytes.AddRange([.. Encoding.UTF8.GetBytes("\"2745f798279e0ed033addcc1474776d7\",\"03106\",s"),
                    0xE3, 0x28, .. Encoding.UTF8.GetBytes("o paulo,SP")]); // line 2500: not UTF-8
            else bytes.AddRange(Encoding.UTF8.GetBytes(lines[i]));
            bytes.Add((byte)'\n');
        }
        _drop.AddFile(Name, bytes.ToArray(), Dropped);
    }

    public async Task DisposeAsync() => await _drop.DisposeAsync();

    [Fact]
    public async Task Should_quarantine_each_with_its_line_and_reason()
    {
        var batch = await _drop.ExtractAsync("sellers");

        batch.Quarantine.Select(q => q.Position).Should().BeEquivalentTo(
            [$"{Name}:line 1500", $"{Name}:line 2000", $"{Name}:line 2500"], o => o.WithStrictOrdering());
        batch.Quarantine[0].Reason.Should().Contain("field count");
        batch.Quarantine[0].Content.Should().Be("\"7caa63f175b1cecbfaadd8b5ab9998c7\",\"02750\",sao paulo");
        batch.Quarantine[1].Reason.Should().Contain("quot");
        batch.Quarantine[2].Reason.Should().Contain("UTF-8");
        batch.Manifest.QuarantinedCount.Should().Be(3);
    }

    [Fact]
    public async Task Should_load_the_rest_of_the_file()
    {
        var batch = await _drop.ExtractAsync("sellers");

        batch.Rows.Should().HaveCount(3_095 - 3);
        batch.Rows.Select(r => r["_change_version"]).Should().NotContain(
            new[] { 1500L, 2000L, 2500L }.Select(l => FilesTestDrop.Version(Dropped, l).ToString()));
        batch.Rows.Should().Contain(r => r["_change_version"] == FilesTestDrop.Version(Dropped, 1501).ToString()
            && r["seller_id"] == "de66a66f2dd06bb9ec37aa96987466a3");
        batch.Rows[^1]["seller_id"].Should().Be("9e25199f6ef7e7c347120ff175652c3b");
    }
}
