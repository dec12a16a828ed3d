namespace EcommerceLake.Orchestrator.Security;

/// <summary>
/// Configuration section <c>Orchestrator:Auth</c>: who may call the operations API and open the dashboard.
/// Bearer tokens (JWT, RFC 7519) come from one issuer: either an OpenID Connect provider (<see cref="Authority"/>;
/// keys from its discovery document, OpenID Connect Discovery 1.0 §4) or a configured symmetric key
/// (<see cref="Issuer"/> + <see cref="SigningKey"/>, HS256, for tests and closed networks). Without an issuer the
/// service refuses to start, unless <see cref="LocalOnly"/> binds it to loopback without sign-in.
/// </summary>
public sealed class OperationsAuthOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Orchestrator:Auth";

    /// <summary>
    /// <c>Orchestrator:Auth:Authority</c>: the OpenID Connect issuer URL (for example
    /// <c>https://login.example.com/realms/lake</c>); signing keys come from
    /// <c>{Authority}/.well-known/openid-configuration</c>. The dashboard signs in there too when
    /// <see cref="ClientId"/> is set.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>
    /// <c>Orchestrator:Auth:Issuer</c>: the expected <c>iss</c> claim. Defaults to <see cref="Authority"/>; required
    /// with <see cref="SigningKey"/>.
    /// </summary>
    public string? Issuer { get; set; }

    /// <summary><c>Orchestrator:Auth:Audience</c>: the expected <c>aud</c> claim (required with an issuer).</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// <c>Orchestrator:Auth:SigningKey</c>: base64 of a symmetric HS256 key of at least 32 bytes, used instead of the
    /// provider's keys (a secret: never logged).
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary><c>Orchestrator:Auth:SigningKeyFile</c>: a file whose first line is <see cref="SigningKey"/>;
    /// wins over it.</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary><c>Orchestrator:Auth:RequireHttpsMetadata</c>: refuse an http <see cref="Authority"/>. Default
    /// true.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary><c>Orchestrator:Auth:NameClaim</c>: the claim that names the principal in the audit trail.
    /// Default <c>preferred_username</c>; <c>sub</c> when the token has no such claim.</summary>
    public string NameClaim { get; set; } = "preferred_username";

    /// <summary><c>Orchestrator:Auth:RoleClaim</c>: the claim holding the roles (<see cref="OperationsRoles"/>).
    /// Default <c>roles</c>.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary><c>Orchestrator:Auth:ClockSkew</c>: tolerance on <c>exp</c>/<c>nbf</c>, 0 to 5 minutes. Default
    /// 30 s.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>Orchestrator:Auth:ApiKeys</c>: hashed API keys for automation (see <see cref="ApiKeyOptions"/>).
    /// </summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>
    /// <c>Orchestrator:Auth:ClientId</c>: the dashboard's OpenID Connect client (authorization code flow with PKCE);
    /// without it the dashboard accepts the same bearer tokens and API keys as the API (and no sign-in in
    /// <see cref="LocalOnly"/> mode).
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary><c>Orchestrator:Auth:ClientSecret</c>: the dashboard client's secret, if the provider issued one.
    /// </summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// <c>Orchestrator:Auth:LocalOnly</c>: with no issuer, serve on loopback addresses only and treat every loopback
    /// caller without credentials as the local user <c>local:{user name}</c> with role admin. The service refuses to
    /// start when it listens on any other address. Default false.
    /// </summary>
    public bool LocalOnly { get; set; }

    /// <summary>An issuer is configured (OIDC or signing key).</summary>
    public bool HasIssuer => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(Issuer);

    /// <summary>The dashboard signs in through the OpenID Connect provider.</summary>
    public bool HasDashboardSignIn => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>The symmetric key from <see cref="SigningKeyFile"/> or <see cref="SigningKey"/>, else null.</summary>
    /// <exception cref="FormatException">The key is not base64.</exception>
    /// <exception cref="FileNotFoundException">The key file does not exist.</exception>
    public byte[]? ResolveSigningKey()
    {
        var text = SigningKeyFile is { Length: > 0 } file ? File.ReadLines(file).FirstOrDefault()?.Trim() : SigningKey;
        return string.IsNullOrWhiteSpace(text) ? null : Convert.FromBase64String(text);
    }
}
