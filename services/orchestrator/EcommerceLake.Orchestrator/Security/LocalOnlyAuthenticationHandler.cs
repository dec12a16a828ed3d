using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.Security;

/// <summary>
/// <see cref="OperationsAuthOptions.LocalOnly"/> mode: a caller on a loopback address is the local user
/// <c>local:{OS user name}</c> with role admin, without sign-in (whoever can reach loopback can already act as this
/// user). A caller from any other address fails (401). <see cref="LocalOnlyGuard"/> keeps the listener on loopback.
/// </summary>
internal sealed class LocalOnlyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory loggers, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggers, encoder)
{
    /// <summary>Scheme name.</summary>
    public const string SchemeName = "LocalOnly";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Context.Connection.RemoteIpAddress is not { } remote || !System.Net.IPAddress.IsLoopback(remote))
            return Task.FromResult(AuthenticateResult.Fail("Local-only mode accepts loopback callers only."));
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, $"local:{Environment.UserName}"),
                new Claim(ClaimTypes.Role, OperationsRoles.Admin),
            ],
            SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(
            new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
