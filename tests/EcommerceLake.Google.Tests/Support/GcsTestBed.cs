using EcommerceLake.Google;
using EcommerceLake.Google.Storage;
using EcommerceLake.Testing.Fakes;
using EcommerceLake.Testing.Fakes.Gcs;
using Xunit;

namespace EcommerceLake.Google.Tests.Support;

/// <summary>A fake Cloud Storage, a client against it and a <see cref="GcsLakeStore"/> on bucket <see cref="Bucket"/> under prefix <see cref="Prefix"/>.</summary>
public sealed class GcsTestBed : IAsyncLifetime
{
    public const string Bucket = "lake-test-bucket";
    public const string Prefix = "lake";

    /// <summary>The smallest chunk Cloud Storage accepts, so that small test objects take several chunks.</summary>
    public const int ChunkBytes = 2 * GcsLakeStore.ChunkGranularity;

    public FakeGcsServer Server { get; private set; } = null!;

    public GoogleApiClient Client { get; private set; } = null!;

    public GcsLakeStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await FakeGcsServer.StartAsync();
        Client = TestGoogleCloud.Client(Server.BaseUri);
        Store = new GcsLakeStore(Client, Bucket, Prefix, ChunkBytes);
    }

    /// <summary>The object name of a lake path.</summary>
    public static string ObjectName(string path) => $"{Prefix}/{path}";

    public static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
