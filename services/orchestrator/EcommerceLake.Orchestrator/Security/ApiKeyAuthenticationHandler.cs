using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.Security;

/// <summary>
/// Authenticates automation by the <c>X-Api-Key</c> header: the key's SHA-256 is compared in constant time with
/// every configured hash (<see cref="OperationsAuthOptions.ApiKeys"/>). The principal is <c>apikey:{name}</c> with the
/// key's role. A request without the header is not handled here; a wrong key fails (401). Keys are never logged.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory loggers, UrlEncoder encoder,
    IOptions<OperationsAuthOptions> auth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggers, encoder)
{
    /// <summary>Scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The header carrying the key.</summary>
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.Count == 0)
            return Task.FromResult(AuthenticateResult.NoResult());
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(values[0] ?? ""));
        ApiKeyOptions? match = null;
        foreach (var key in auth.Value.ApiKeys)
        {
            // Every entry is compared, so the time taken does not tell which one matched.
            if (CryptographicOperations.FixedTimeEquals(hash, Convert.FromHexString(key.Sha256!))) match = key;
        }
        if (match is null) return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, $"apikey:{match.Name}"),
                new Claim(ClaimTypes.Role, match.Role),
            ],
            SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(
            new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
