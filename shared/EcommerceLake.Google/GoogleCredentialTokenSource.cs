using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Google;

/// <summary>
/// Access tokens from Google.Apis.Auth: application default credentials or a service-account key file
/// (<see cref="GoogleCloudOptions.Authentication"/>), scoped to <c>cloud-platform</c>. The library caches the token and
/// refreshes it before it expires. <see cref="GoogleAuthentication.None"/> gives no token.
/// </summary>
public sealed class GoogleCredentialTokenSource(IOptions<GoogleCloudOptions> options) : IGoogleAccessTokenSource
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ITokenAccess? _credential;

    /// <inheritdoc />
    public async Task<string?> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Authentication == GoogleAuthentication.None) return null;
        var credential = _credential ?? await LoadAsync(cancellationToken);
        return await credential.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);
    }

    private async Task<ITokenAccess> LoadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_credential is not null) return _credential;
            var o = options.Value;
            GoogleCredential credential;
            try
            {
                if (o.Authentication == GoogleAuthentication.ServiceAccountKeyFile)
                {
                    if (o.ServiceAccountKeyFile is not { Length: > 0 } path || !File.Exists(path))
                        throw new InvalidOperationException(
                            "GoogleCloud:ServiceAccountKeyFile must name an existing service-account JSON key file.");
                    var account = await CredentialFactory.FromFileAsync<ServiceAccountCredential>(path,
                        cancellationToken);
                    credential = GoogleCredential.FromServiceAccountCredential(account);
                }
                else
                {
                    credential = await GoogleCredential.GetApplicationDefaultAsync(cancellationToken);
                }
            }
            catch (InvalidOperationException e) when (o.Authentication == GoogleAuthentication.ApplicationDefault)
            {
                throw new InvalidOperationException(
                    "No application default credentials: set GOOGLE_APPLICATION_CREDENTIALS to a service-account key " +
                    "file, run " +
                    "'gcloud auth application-default login', or set GoogleCloud:Authentication=ServiceAccountKeyFile. "
                    + e.Message, e);
            }
            _credential = credential.CreateScoped(GoogleCloudOptions.CloudPlatformScope);
            return _credential;
        }
        finally
        {
            _gate.Release();
        }
    }
}
