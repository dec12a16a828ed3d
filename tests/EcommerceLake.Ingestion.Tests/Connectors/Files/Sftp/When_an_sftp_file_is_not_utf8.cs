using System.Text;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files.Sftp;

public sealed class When_an_sftp_file_is_not_utf8(SshServer sshd) : IClassFixture<SshServer>, IAsyncLifetime
{
    private const string Name = "latin1_sellers.csv";
    private const string Header = "seller_id,seller_zip_code_prefix,seller_city,seller_state\n";
    private FilesTestDrop _drop = null!;

    public async Task InitializeAsync()
    {
        _drop = await FilesTestDrop.StartAsync(sshd);
        // Line 3 was saved as Latin-1: "são paulo" with ã as the single byte 0xE3.
        byte[] bytes =
        [
            .. Encoding.UTF8.GetBytes(Header + "s1,\"01001\",são paulo,SP\n"),
            .. Encoding.UTF8.GetBytes("s2,\"01002\",s"), 0xE3, .. Encoding.UTF8.GetBytes("o paulo,SP\n"),
            .. Encoding.UTF8.GetBytes("s3,\"13023\",campinas,SP\n"),
        ];
        _drop.AddFile(Name, bytes, new DateTime(2024, 5, 9, 0, 0, 0, DateTimeKind.Utc));
    }

    public async Task DisposeAsync() => await _drop.DisposeAsync();

    [Fact]
    public async Task Should_quarantine_the_record_naming_file_line_field_and_byte_offset()
    {
        var batch = await _drop.ExtractAsync("sellers");

        var quarantined = batch.Quarantine.Should().ContainSingle().Subject;
        quarantined.Position.Should().Be($"{Name}:line 3");
        var offset = Encoding.UTF8.GetByteCount(Header + "s1,\"01001\",são paulo,SP\n" + "s2,\"01002\",s");
        quarantined.Reason.Should().Contain("field 3 is not valid UTF-8").And.Contain("0xE3")
            .And.Contain($"byte offset {offset}");
        quarantined.Content.Should()
            .Be("s2,\"01002\",s\\xE3o paulo,SP", "the bad byte is shown, not decoded into mojibake");
    }

    [Fact]
    public async Task Should_load_the_other_records_unchanged()
    {
        var batch = await _drop.ExtractAsync("sellers");

        batch.Rows.Select(r => r["seller_city"]).Should().Equal("são paulo", "campinas");
    }
}
