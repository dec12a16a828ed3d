using EcommerceLake.Hosting;
using EcommerceLake.Hosting.Steps;
using EcommerceLake.Lake;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EcommerceLake.Google;

/// <summary>Wiring of the Google Cloud REST plumbing shared by the Cloud Storage, Dataproc and BigQuery
/// adapters.</summary>
public static class GoogleCloudRegistration
{
    /// <summary>
    /// Registers <see cref="GoogleCloudOptions"/> (section <c>GoogleCloud</c>, validated at start: the project id is
    /// required, and a key file must exist when <c>GoogleCloud:Authentication</c> is <c>ServiceAccountKeyFile</c>),
    /// the access-token source (Google.Apis.Auth) and <see cref="GoogleApiClient"/> over a pooled
    /// <see cref="HttpClient"/> with the retry pipeline of <see cref="GoogleHttpResilience"/>, and the step
    /// failure rules for Google's errors (<see cref="GoogleFailureClassifier"/>). Safe to call more than once.
    /// </summary>
    public static IHostApplicationBuilder AddGoogleCloud(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(d => d.ServiceType == typeof(GoogleApiClient))) return builder;
        builder.Services.AddValidatedOptions<GoogleCloudOptions>(GoogleCloudOptions.Section)
            .Validate(o => o.Authentication != GoogleAuthentication.ServiceAccountKeyFile
                || (o.ServiceAccountKeyFile is { Length: > 0 } f && File.Exists(f)),
                "GoogleCloud:ServiceAccountKeyFile must name an existing service-account JSON key file when " +
                "GoogleCloud:Authentication is ServiceAccountKeyFile.");
        builder.Services.AddGoogleApiClient();
        builder.Services.AddFailureClassifier<GoogleFailureClassifier>();
        return builder;
    }

    /// <summary>
    /// Fails start with <paramref name="message"/> unless <c>Lake:Store</c> is <c>Gcs</c>: for the cloud engines, which
    /// hand <c>gs://</c> URIs of lake objects to Dataproc and BigQuery.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="message">Why the engine needs the lake in Cloud Storage, naming the keys.</param>
    public static IHostApplicationBuilder RequireCloudStorageLake(this IHostApplicationBuilder builder, string message)
    {
        builder.Services.AddOptions<LakeOptions>().Validate(o => o.Store == LakeStoreKind.Gcs, message)
            .ValidateOnStart();
        return builder;
    }
}
