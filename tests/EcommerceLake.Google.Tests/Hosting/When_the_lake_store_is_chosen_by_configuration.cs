using EcommerceLake.Google.Storage;
using EcommerceLake.Lake;
using EcommerceLake.Testing;
using EcommerceLake.Testing.Fakes;
using EcommerceLake.Testing.Fakes.Gcs;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Google.Tests.Hosting;

public sealed class When_the_lake_store_is_chosen_by_configuration
{
    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddLakeStorage();
        return builder.Build();
    }

    private static Dictionary<string, string?> GcsSettings(Uri endpoint, string? bucket)
    {
        var settings = TestGoogleCloud.Settings(endpoint);
        settings["Lake:Store"] = "Gcs";
        settings["Lake:Prefix"] = "lake/dev";
        if (bucket is not null) settings["Lake:Bucket"] = bucket;
        return settings;
    }

    [Fact]
    public async Task Should_use_cloud_storage_when_the_store_is_gcs()
    {
        await using var server = await FakeGcsServer.StartAsync(rootDirectory: null, "shop-lake");
        using var host = BuildHost(GcsSettings(server.BaseUri, "shop-lake"));
        await host.StartAsync();

        var store = host.Services.GetRequiredService<ILakeStore>();
        await store.PutAsync("land/s/t/r/_manifest.json", new MemoryStream([1, 2]), default);

        store.Should().BeOfType<GcsLakeStore>().Which.Bucket.Should().Be("shop-lake");
        store.Describe("land/s/t/r/_manifest.json").Should().Be("gs://shop-lake/lake/dev/land/s/t/r/_manifest.json");
        server.ReadObject("shop-lake", "lake/dev/land/s/t/r/_manifest.json").Should().Equal(1, 2);
        await host.StopAsync();
    }

    [Fact]
    public async Task Should_fail_start_naming_the_bucket_key_when_it_is_missing()
    {
        using var host = BuildHost(GcsSettings(new Uri("http://127.0.0.1:9/"), bucket: null));

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).WithMessage("*Lake:Bucket*");
    }

    [Fact]
    public async Task Should_fail_start_naming_the_chunk_key_when_it_is_not_a_multiple_of_256_kib()
    {
        var settings = GcsSettings(new Uri("http://127.0.0.1:9/"), "shop-lake");
        settings["Lake:UploadChunkBytes"] = "300000";
        using var host = BuildHost(settings);

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).WithMessage("*Lake:UploadChunkBytes*256 KiB*");
    }

    [Fact]
    public async Task Should_keep_the_local_directory_by_default()
    {
        using var lake = new TempDirectory();
        using var host = BuildHost(new Dictionary<string, string?> { ["Lake:Root"] = lake.Path });
        await host.StartAsync();

        host.Services.GetRequiredService<ILakeStore>().Should().BeOfType<LocalLakeStore>();
        host.Services.GetService<GoogleApiClient>().Should()
            .BeNull("the Google plumbing is registered only for the Gcs store");
        await host.StopAsync();
    }

    [Fact]
    public void Should_refuse_an_unknown_store_naming_the_key()
    {
        var act = () => BuildHost(new Dictionary<string, string?> { ["Lake:Store"] = "S3" });

        act.Should().Throw<OptionsValidationException>().WithMessage("Lake:Store: 'S3' is not one of Local, Gcs.");
    }
}
