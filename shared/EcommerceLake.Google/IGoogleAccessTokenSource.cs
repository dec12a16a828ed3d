namespace EcommerceLake.Google;

/// <summary>Gives the OAuth 2.0 access token for a request to Google Cloud, or null when requests go
/// unauthenticated.</summary>
public interface IGoogleAccessTokenSource
{
    /// <summary>A valid access token (cached and refreshed before expiry by the implementation), or null for no
    /// <c>Authorization</c> header.</summary>
    /// <exception cref="InvalidOperationException">No credentials could be found or loaded; the message says where it
    /// looked.</exception>
    Task<string?> GetAccessTokenAsync(CancellationToken cancellationToken);
}
