using EcommerceLake.Contracts;
using EcommerceLake.Hosting.Steps;

namespace EcommerceLake.Google;

/// <summary>
/// The step failure rules for Google's errors, registered with the Google Cloud plumbing
/// (<see cref="GoogleCloudRegistration.AddGoogleCloud"/>): a <see cref="GoogleApiException"/> (this library's REST
/// client) or a Google.Apis <see cref="global::Google.GoogleApiException"/> (the Cloud Storage client) is classified
/// by its HTTP status and Google's reason (<see cref="CommonFailureClassifier.OfHttpStatus"/>): 408, 429, 5xx and a
/// 403 rate limit are transient, 401 and other 403s are configuration.
/// </summary>
public sealed class GoogleFailureClassifier : IFailureClassifier
{
    /// <inheritdoc />
    public FailureKind? Classify(Exception exception) => exception switch
    {
        GoogleApiException google => CommonFailureClassifier.OfHttpStatus(google.StatusCode, google.Reason),
        global::Google.GoogleApiException apis
            => CommonFailureClassifier.OfHttpStatus(apis.HttpStatusCode, apis.Error?.Errors?.FirstOrDefault()?.Reason),
        _ => null,
    };
}
