using EcommerceLake.Ingestion.Connectors.Files;
using EcommerceLake.Streams.Offsets;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files;

public sealed class When_a_file_grows_while_it_is_read : IAsyncLifetime
{
    private const string Name = "partner_sellers_growing.csv";
    private static readonly DateTime Dropped = new(2024, 6, 6, 9, 0, 0, DateTimeKind.Utc);
    private FilesTestDrop _drop = null!;

    public async Task InitializeAsync()
    {
        // The drop, as seen through a store whose files grow by one row between the listing and the read.
        _drop = await FilesTestDrop.StartAsync(null, services: s => s.AddSingleton<IFileStore>(sp =>
            new GrowingStore(new LocalFileStore(sp.GetRequiredService<IOptions<FilesOptions>>()))));
        _drop.AddFile(Name,
            "seller_id,seller_zip_code_prefix,seller_city,seller_state\ns1,\"01001\",one,SP\n", Dropped);
    }

    public async Task DisposeAsync() => await _drop.DisposeAsync();

    [Fact]
    public async Task Should_read_only_the_bytes_of_the_listed_size()
    {
        var batch = await _drop.ExtractAsync("sellers");

        batch.Rows.Select(r => r["seller_id"]).Should().Equal("s1");
        batch.Quarantine.Should().BeEmpty();
        FilesLedger.Parse(batch.Result.OffsetTo).Files.Single().Size
            .Should().Be(File.ReadAllBytes(Path.Combine(_drop.DropDirectory, Name)).Length
                - "s2,\"01002\",appended while read,SP\n".Length);
    }

    private sealed class GrowingStore(IFileStore inner) : IFileStore
    {
        public string Location => inner.Location;

        public async Task<IFileStoreSession> OpenAsync(CancellationToken cancellationToken) =>
            new Session(await inner.OpenAsync(cancellationToken), inner.Location);

        private sealed class Session(IFileStoreSession inner, string directory) : IFileStoreSession
        {
            public Task<IReadOnlyList<FileStamp>> ListAsync(CancellationToken cancellationToken) =>
                inner.ListAsync(cancellationToken);

            public async Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken)
            {
                await File.AppendAllTextAsync(
                    Path.Combine(directory, name), "s2,\"01002\",appended while read,SP\n", cancellationToken);
                return await inner.OpenReadAsync(name, cancellationToken);
            }

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
