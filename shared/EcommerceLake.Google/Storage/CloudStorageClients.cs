using System.Net;
using Google.Apis.Auth.OAuth2;
using Google.Cloud.Storage.V1;
using StorageApiException = global::Google.GoogleApiException;

namespace EcommerceLake.Google.Storage;

/// <summary>
/// Builds the <see cref="StorageClient"/> of Google.Cloud.Storage.V1 (https://cloud.google.com/dotnet/docs/reference/
/// Google.Cloud.Storage.V1/latest) from <see cref="GoogleCloudOptions"/>, and holds the retry settings of the store.
/// </summary>
public static class CloudStorageClients
{
    /// <summary>HTTP statuses retried for idempotent requests: 408, 429 and 5xx (Cloud Storage's retry
    /// strategy).</summary>
    private static readonly int[] TransientStatuses = [408, 429, 500, 502, 503, 504];

    /// <summary>
    /// A client for <see cref="GoogleCloudOptions.StorageEndpoint"/> (the JSON API's base URI is
    /// <c>{StorageEndpoint}storage/v1/</c>, uploads go to <c>{StorageEndpoint}upload/storage/v1/</c>), authorized as
    /// <see cref="GoogleCloudOptions.Authentication"/> says: application default credentials, the service-account key
    /// of <see cref="GoogleCloudOptions.ServiceAccountKeyFile"/>, or no credentials (<c>None</c>: emulators, fakes). A
    /// request is tried at most <see cref="GoogleCloudOptions.MaxAttempts"/> times. Credentials are never logged.
    /// </summary>
    /// <exception cref="InvalidOperationException">No credentials could be found or loaded; the message says where it
    /// looked.</exception>
    public static StorageClient Create(GoogleCloudOptions options)
    {
        var endpoint = options.StorageEndpoint.AbsoluteUri;
        var builder = new StorageClientBuilder
        {
            BaseUri = (endpoint.EndsWith('/') ? endpoint : endpoint + "/") + "storage/v1/",
        };
        switch (options.Authentication)
        {
            case GoogleAuthentication.None:
                builder.UnauthenticatedAccess = true;
                break;
            case GoogleAuthentication.ServiceAccountKeyFile:
                if (options.ServiceAccountKeyFile is not { Length: > 0 } path || !File.Exists(path))
                    throw new InvalidOperationException(
                        "GoogleCloud:ServiceAccountKeyFile must name an existing service-account JSON key file.");
                builder.GoogleCredential = GoogleCredential.FromServiceAccountCredential(
                    CredentialFactory.FromFile<ServiceAccountCredential>(path));
                break;
            default:
                break;
        }
        StorageClient client;
        try
        {
            client = builder.Build();
        }
        catch (InvalidOperationException e) when (options.Authentication == GoogleAuthentication.ApplicationDefault)
        {
            throw new InvalidOperationException(
                "No application default credentials: set GOOGLE_APPLICATION_CREDENTIALS to a service-account key " +
                "file, run 'gcloud auth application-default login', or set " +
                "GoogleCloud:Authentication=ServiceAccountKeyFile. " + e.Message, e);
        }
        client.Service.HttpClient.MessageHandler.NumTries = options.MaxAttempts;
        client.Service.HttpClient.Timeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds);
        return client;
    }

    /// <summary>
    /// The library's retry settings for idempotent requests (get, list, delete): 408, 429 and 5xx retried with
    /// exponential back-off from <see cref="GoogleCloudOptions.RetryDelayMilliseconds"/> doubled up to
    /// <see cref="GoogleCloudOptions.MaxRetryDelayMilliseconds"/>; the number of attempts is the client's
    /// (<see cref="GoogleCloudOptions.MaxAttempts"/>, set by <see cref="Create"/>).
    /// </summary>
    public static RetryOptions RetryOptions(GoogleCloudOptions options) => new(
        new RetryTiming(
            TimeSpan.FromMilliseconds(options.RetryDelayMilliseconds),
            TimeSpan.FromMilliseconds(Math.Max(options.RetryDelayMilliseconds, options.MaxRetryDelayMilliseconds)),
            2.0),
        RetryPredicate.FromErrorCodes(TransientStatuses));

    /// <summary>True when <paramref name="e"/> is Cloud Storage's answer <paramref name="status"/>.</summary>
    internal static bool Is(this StorageApiException e, HttpStatusCode status) => e.HttpStatusCode == status;
}
