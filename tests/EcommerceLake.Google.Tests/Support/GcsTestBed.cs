using EcommerceLake.Google.Storage;
using EcommerceLake.Testing.Fakes;
using EcommerceLake.Testing.Fakes.Gcs;
using Google.Cloud.Storage.V1;
using Xunit;

namespace EcommerceLake.Google.Tests.Support;

/// <summary>
/// A fake Cloud Storage holding bucket <see cref="Bucket"/>, Google's <see cref="StorageClient"/> against it (built as
/// production builds it, from the test <c>GoogleCloud</c> options) and a <see cref="GcsLakeStore"/> under
/// <see cref="Prefix"/>.
/// </summary>
public sealed class GcsTestBed : IAsyncLifetime
{
    public const string Bucket = "lake-test-bucket";
    public const string Prefix = "lake";

    /// <summary>Two of Cloud Storage's 256 KiB units, so that small test objects take several chunks.</summary>
    public const int ChunkBytes = 2 * GcsLakeStore.ChunkGranularity;

    public FakeGcsServer Server { get; private set; } = null!;

    public StorageClient Client { get; private set; } = null!;

    public GcsLakeStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await FakeGcsServer.StartAsync(rootDirectory: null, Bucket);
        var options = TestGoogleCloud.Options(Server.BaseUri);
        Client = CloudStorageClients.Create(options);
        Store = new GcsLakeStore(Client, Bucket, Prefix, ChunkBytes, CloudStorageClients.RetryOptions(options));
    }

    /// <summary>A store on another bucket of the same fake.</summary>
    public GcsLakeStore StoreOn(string bucket) => new(Client, bucket, Prefix, ChunkBytes);

    /// <summary>The object name of a lake path.</summary>
    public static string ObjectName(string path) => $"{Prefix}/{path}";

    public static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
