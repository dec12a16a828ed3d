using System.Text;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files;

public sealed class When_a_quoted_field_holds_a_line_break : IAsyncLifetime
{
    private static readonly DateTime Dropped = new(2024, 5, 3, 0, 0, 0, DateTimeKind.Utc);
    private FilesTestDrop _drop = null!;

    public async Task InitializeAsync()
    {
        _drop = await FilesTestDrop.StartAsync();
        // Windows line endings, a byte order mark, mixed quoting, and a CRLF inside a quoted field (as in the Olist
        // review texts).
        var text = "\"seller_id\",\"seller_zip_code_prefix\",\"seller_city\",\"seller_state\"\r\n"
            + "s1,\"01001\",\"sao paulo\r\ncentro, \"\"loja 2\"\"\",SP\r\n"
            + "\"s2\",\"13023\",campinas,SP\r\n";
        _drop.AddFile("crlf_sellers.csv", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)], Dropped);
    }

    public async Task DisposeAsync() => await _drop.DisposeAsync();

    [Fact]
    public async Task Should_keep_the_line_break_in_the_value()
    {
        var batch = await _drop.ExtractAsync("sellers");

        batch.Quarantine.Should().BeEmpty();
        batch.Rows.Should().HaveCount(2);
        batch.Rows[0]["seller_id"].Should().Be("s1");
        batch.Rows[0]["seller_city"].Should().Be("sao paulo\r\ncentro, \"loja 2\"");
        batch.Rows[0]["seller_state"].Should().Be("SP");
    }

    [Fact]
    public async Task Should_count_lines_inside_quotes_for_the_next_record()
    {
        var batch = await _drop.ExtractAsync("sellers");

        batch.Rows[0]["_change_version"].Should().Be(FilesTestDrop.Version(Dropped, 2).ToString());
        batch.Rows[1]["_change_version"].Should().Be(FilesTestDrop.Version(Dropped, 4).ToString());
    }
}
