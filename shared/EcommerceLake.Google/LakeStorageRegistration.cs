using EcommerceLake.Google.Storage;
using EcommerceLake.Hosting;
using EcommerceLake.Lake;
using Google.Cloud.Storage.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Google;

/// <summary>Registration of the lake store, local or in Cloud Storage.</summary>
public static class LakeStorageRegistration
{
    /// <summary>
    /// Registers <see cref="ILakeStore"/> as <c>Lake:Store</c> selects: <c>Local</c> (default) — the directory of
    /// <c>Lake:Root</c>; <c>Gcs</c> — <see cref="GcsLakeStore"/> over the bucket <c>Lake:Bucket</c> (required,
    /// checked at start) under <c>Lake:Prefix</c>, with the <c>GoogleCloud</c> settings
    /// (<see cref="GoogleCloudRegistration.AddGoogleCloud"/>). Called by the hosts of the services that read or
    /// write the lake (ingestion, processing, warehouse) after <c>AddLakeDefaults</c>.
    /// </summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException"><c>Lake:Store</c> is neither
    /// <c>Local</c> nor <c>Gcs</c> (the message names the key and both).</exception>
    public static IHostApplicationBuilder AddLakeStorage(this IHostApplicationBuilder builder)
    {
        var options = builder.Services.AddValidatedOptions<LakeOptions>(LakeOptions.Section);
        var storeKey = $"{LakeOptions.Section}:{nameof(LakeOptions.Store)}";
        var store = builder.Configuration.ReadSection<LakeOptions>(LakeOptions.Section).Store;
        if (store == LakeStoreKind.Gcs)
        {
            options
                .Validate(o => !string.IsNullOrWhiteSpace(o.Bucket),
                    $"{LakeOptions.Section}:{nameof(LakeOptions.Bucket)} is required when {storeKey} is Gcs.")
                .Validate(o => o.UploadChunkBytes % GcsLakeStore.ChunkGranularity == 0,
                    $"{LakeOptions.Section}:{nameof(LakeOptions.UploadChunkBytes)} must be a multiple " +
                    $"of {GcsLakeStore.ChunkGranularity} (256 KiB).");
            builder.AddGoogleCloud();
            builder.Services.AddSingleton(sp =>
                CloudStorageClients.Create(sp.GetRequiredService<IOptions<GoogleCloudOptions>>().Value));
            builder.Services.AddSingleton<ILakeStore>(sp => new GcsLakeStore(
                sp.GetRequiredService<StorageClient>(), sp.GetRequiredService<IOptions<LakeOptions>>(),
                sp.GetRequiredService<IOptions<GoogleCloudOptions>>(),
                sp.GetRequiredService<ILogger<GcsLakeStore>>()));
        }
        else
        {
            builder.Services.AddSingleton<ILakeStore>(
                sp => new LocalLakeStore(sp.GetRequiredService<IOptions<LakeOptions>>()));
        }
        return builder;
    }
}
