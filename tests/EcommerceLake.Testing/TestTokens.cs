using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EcommerceLake.Testing;

/// <summary>
/// A test token issuer: HS256 JWTs (RFC 7519) from a fixed issuer and audience, and the <c>Orchestrator:Auth</c>
/// settings that make the orchestrator trust them. The key is a test key that exists only in the tests.
/// </summary>
public static class TestTokens
{
    public const string Issuer = "https://issuer.lake.test/";
    public const string Audience = "lake-operations";

    private static readonly byte[] Key = Encoding.UTF8.GetBytes("test-only signing key of the lake tests, 48 bytes");

    /// <summary>Settings for <c>Orchestrator:Auth</c> that trust these tokens (plus <paramref name="apiKeys"/>).
    /// </summary>
    public static Dictionary<string, string?> Settings(params (string Name, string Key, string Role)[] apiKeys)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Orchestrator:Auth:Issuer"] = Issuer,
            ["Orchestrator:Auth:Audience"] = Audience,
            ["Orchestrator:Auth:SigningKey"] = Convert.ToBase64String(Key),
        };
        for (var i = 0; i < apiKeys.Length; i++)
        {
            settings[$"Orchestrator:Auth:ApiKeys:{i}:Name"] = apiKeys[i].Name;
            settings[$"Orchestrator:Auth:ApiKeys:{i}:Sha256"] = Convert.ToHexStringLower(
                System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(apiKeys[i].Key)));
            settings[$"Orchestrator:Auth:ApiKeys:{i}:Role"] = apiKeys[i].Role;
        }
        return settings;
    }

    /// <summary>
    /// A token for <paramref name="user"/> (claim <c>preferred_username</c>) with <paramref name="roles"/>, valid from
    /// <paramref name="expires"/> minus one hour until <paramref name="expires"/> (default: an hour from now), signed
    /// with <paramref name="key"/> (default: the trusted key).
    /// </summary>
    public static string For(string user, string[] roles, DateTime? expires = null, byte[]? key = null,
        string issuer = Issuer)
    {
        var until = expires ?? DateTime.UtcNow.AddHours(1);
        var claims = new List<Claim> { new("sub", $"id-{user}"), new("preferred_username", user) };
        claims.AddRange(roles.Select(r => new Claim("roles", r)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = until.AddHours(-1),
            IssuedAt = until.AddHours(-1),
            Expires = until,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(key ?? Key), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>An HttpClient on <paramref name="baseAddress"/> that sends <paramref name="token"/> as a bearer.
    /// </summary>
    public static HttpClient Client(Uri baseAddress, string token)
    {
        var http = new HttpClient { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return http;
    }
}
