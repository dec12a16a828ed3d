using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EcommerceLake.Testing.Fakes;

/// <summary>
/// The discovery side of an OpenID Connect provider on 127.0.0.1 (OpenID Connect Discovery 1.0 §4: the
/// <c>/.well-known/openid-configuration</c> document, and the RFC 7517 JWK set of its RS256 key), issuing tokens
/// with that key. It has no login page: tests follow the dashboard's redirect to its authorization endpoint and check
/// the request, and call the API with tokens it signed.
/// </summary>
public sealed class FakeOidcProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key;

    private FakeOidcProvider(WebApplication app, RsaSecurityKey key, string issuer)
    {
        _app = app;
        _key = key;
        Issuer = issuer;
    }

    /// <summary>The issuer URL (<c>http://127.0.0.1:port/</c>), the <c>Authority</c> to configure.</summary>
    public string Issuer { get; }

    public static async Task<FakeOidcProvider> StartAsync()
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "lake-test-key" };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        string? issuer = null;
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer!,
            ["authorization_endpoint"] = issuer + "authorize",
            ["token_endpoint"] = issuer + "token",
            ["jwks_uri"] = issuer + "jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false))
            {
                KeyId = key.KeyId,
            });
            return Results.Json(new
            {
                keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } },
            });
        });
        await app.StartAsync();
        issuer = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First() + "/";
        return new FakeOidcProvider(app, key, issuer);
    }

    /// <summary>An RS256 access token for <paramref name="user"/> with <paramref name="roles"/> and audience
    /// <paramref name="audience"/>, valid for an hour.</summary>
    public string TokenFor(string user, string[] roles, string audience)
    {
        var claims = new List<Claim> { new("sub", $"id-{user}"), new("preferred_username", user) };
        claims.AddRange(roles.Select(r => new Claim("roles", r)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
