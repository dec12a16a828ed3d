using System.Text;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files;

public sealed class When_a_malformed_row_is_not_utf8 : IAsyncLifetime
{
    private const string Name = "partner_sellers_latin1.csv";
    private static readonly DateTime Dropped = new(2024, 6, 4, 9, 0, 0, DateTimeKind.Utc);
    // "s2,\"01002\",são paulo" in Latin-1 (ã = 0xE3), one field short of the header.
    private static readonly byte[] Latin1Row = [.. "s2,\"01002\",s"u8, 0xE3, .. "o paulo"u8];
    // The same in a row whose quoting is broken as well, spread over two lines.
    private static readonly byte[] Latin1Quoted = [.. "s3,\"01003\",\"s"u8, 0xE3, .. "o\npaulo\"x,SP"u8];
    private FilesTestDrop _drop = null!;

    public async Task InitializeAsync()
    {
        _drop = await FilesTestDrop.StartAsync();
        byte[] file =
        [
            .. "seller_id,seller_zip_code_prefix,seller_city,seller_state\ns1,\"01001\",one,SP\n"u8,
            .. Latin1Row, (byte)'\n',
            .. Latin1Quoted, (byte)'\n',
            .. "s4,\"01004\",four,SP\n"u8,
        ];
        _drop.AddFile(Name, file, Dropped);
    }

    public async Task DisposeAsync() => await _drop.DisposeAsync();

    [Fact]
    public async Task Should_keep_the_original_bytes_never_U_FFFD()
    {
        var batch = await _drop.ExtractAsync("sellers");

        batch.Quarantine.Should().HaveCount(2);
        batch.Quarantine.Should().AllSatisfy(q => q.Content.Should().NotContain("\uFFFD"));
        batch.Quarantine[0].Position.Should().Be($"{Name}:line 3");
        batch.Quarantine[0].Content.Should().Be("s2,\"01002\",s\\xE3o paulo");
        Convert.FromBase64String(batch.Quarantine[0].ContentBase64!).Should().Equal(Latin1Row);
        batch.Quarantine[1].Position.Should().Be($"{Name}:line 4");
        Convert.FromBase64String(batch.Quarantine[1].ContentBase64!).Should().Equal(Latin1Quoted);
    }

    [Fact]
    public async Task Should_load_the_good_rows()
    {
        var batch = await _drop.ExtractAsync("sellers");

        batch.Rows.Select(r => r["seller_id"]).Should().Equal("s1", "s4");
        batch.Rows[1]["_position"].Should().Be($"{Name}:line 6");
    }

    [Fact]
    public async Task Should_leave_out_the_bytes_of_a_record_that_is_valid_utf8()
    {
        var name = "partner_sellers_short.csv";
        _drop.AddFile(name,
            Encoding.UTF8.GetBytes("seller_id,seller_zip_code_prefix,seller_city,seller_state\ns9,\"01009\",são\n"),
            Dropped.AddDays(1));

        var batch = await _drop.ExtractAsync("sellers");

        var quarantined = batch.Quarantine.Single(q => q.Position.StartsWith(name, StringComparison.Ordinal));
        quarantined.Content.Should().Be("s9,\"01009\",são");
        quarantined.ContentBase64.Should().BeNull();
    }
}
