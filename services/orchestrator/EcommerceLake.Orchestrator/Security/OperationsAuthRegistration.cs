using EcommerceLake.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace EcommerceLake.Orchestrator.Security;

/// <summary>
/// Authentication and authorization of the operations API and the dashboard. One policy scheme picks the handler per
/// request: <c>Authorization: Bearer …</c> → JWT bearer (Microsoft.AspNetCore.Authentication.JwtBearer; issuer,
/// audience, lifetime and signature checked); <c>X-Api-Key</c> → <see cref="ApiKeyAuthenticationHandler"/>; a
/// dashboard page with OpenID Connect sign-in configured → the session cookie (challenge: the authorization code flow
/// with PKCE); local-only mode → <see cref="LocalOnlyAuthenticationHandler"/>; otherwise the JWT handler, whose
/// challenge answers 401 with <c>WWW-Authenticate: Bearer</c>. Policies <c>viewer</c>, <c>operator</c> and
/// <c>admin</c> require that role or one above it (<see cref="OperationsRoles"/>); a known caller without the role
/// gets 403.
/// </summary>
public static class OperationsAuthRegistration
{
    /// <summary>The policy scheme that forwards to the handlers above.</summary>
    public const string Scheme = "Lake";

    /// <summary>The dashboard's session cookie scheme (OpenID Connect sign-in only).</summary>
    public const string CookieScheme = "LakeSession";

    /// <summary>The dashboard's OpenID Connect scheme.</summary>
    public const string OidcScheme = "LakeOidc";

    /// <summary>Path prefix of the dashboard's pages.</summary>
    public const string DashboardPath = "/dashboard";

    /// <summary>
    /// Registers section <c>Orchestrator:Auth</c> (validated at start: no issuer and no local-only switch stops the
    /// start, see <see cref="OperationsAuthOptionsValidator"/>), the handlers, the role policies and the
    /// <see cref="LocalOnlyGuard"/>.
    /// </summary>
    public static IHostApplicationBuilder AddOperationsAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<IValidateOptions<OperationsAuthOptions>, OperationsAuthOptionsValidator>();
        services.AddOptions<OperationsAuthOptions>().BindConfiguration(OperationsAuthOptions.Section).ValidateOnStart();
        services.AddHostedService<LocalOnlyGuard>();
        var configured = builder.Configuration.ReadSection<OperationsAuthOptions>(OperationsAuthOptions.Section);

        var authentication = services.AddAuthentication(o => o.DefaultScheme = Scheme)
            .AddPolicyScheme(Scheme, "Bearer token, API key, session or local user",
                p => p.ForwardDefaultSelector = Select)
            .AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, _ => { })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName,
                _ => { })
            .AddScheme<AuthenticationSchemeOptions, LocalOnlyAuthenticationHandler>(
                LocalOnlyAuthenticationHandler.SchemeName, _ => { });
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<OperationsAuthOptions>>((jwt, auth) => ConfigureBearer(jwt, auth.Value));
        if (configured.HasDashboardSignIn)
        {
            authentication.AddCookie(CookieScheme, cookie =>
            {
                cookie.ForwardChallenge = OidcScheme;
                cookie.Cookie.Name = "lake.session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.SlidingExpiration = true;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });
            authentication.AddOpenIdConnect(OidcScheme, _ => { });
            services.AddOptions<OpenIdConnectOptions>(OidcScheme)
                .Configure<IOptions<OperationsAuthOptions>>((oidc, auth) => ConfigureSignIn(oidc, auth.Value));
        }

        services.AddAuthorization(authorization =>
        {
            foreach (var role in OperationsRoles.All)
                authorization.AddPolicy(role, policy => policy.AddAuthenticationSchemes(Scheme)
                    .RequireAuthenticatedUser().RequireRole(OperationsRoles.AtLeast(role)));
        });
        return builder;
    }

    /// <summary>Adds authentication and authorization to the pipeline (after routing, before the endpoints).</summary>
    public static WebApplication UseOperationsAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    private static string Select(HttpContext context)
    {
        var auth = context.RequestServices.GetRequiredService<IOptions<OperationsAuthOptions>>().Value;
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return JwtBearerDefaults.AuthenticationScheme;
        if (context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header))
            return ApiKeyAuthenticationHandler.SchemeName;
        if (auth.HasDashboardSignIn && context.Request.Path.StartsWithSegments(DashboardPath)) return CookieScheme;
        if (auth.LocalOnly && !auth.HasIssuer) return LocalOnlyAuthenticationHandler.SchemeName;
        return JwtBearerDefaults.AuthenticationScheme;
    }

    private static void ConfigureBearer(JwtBearerOptions jwt, OperationsAuthOptions auth)
    {
        jwt.MapInboundClaims = false;
        jwt.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        if (!string.IsNullOrWhiteSpace(auth.Authority)) jwt.Authority = auth.Authority;
        jwt.Audience = auth.Audience;
        var key = string.IsNullOrWhiteSpace(auth.Authority) ? SafeKey(auth) : null;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = auth.Issuer ?? auth.Authority,
            ValidateAudience = true,
            ValidAudience = auth.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKey = key is null ? null : new SymmetricSecurityKey(key),
            ClockSkew = auth.ClockSkew,
            NameClaimType = auth.NameClaim,
            RoleClaimType = auth.RoleClaim,
        };
    }

    private static void ConfigureSignIn(OpenIdConnectOptions oidc, OperationsAuthOptions auth)
    {
        oidc.Authority = auth.Authority;
        oidc.ClientId = auth.ClientId;
        oidc.ClientSecret = auth.ClientSecret;
        oidc.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        oidc.ResponseType = "code";
        oidc.UsePkce = true;
        oidc.MapInboundClaims = false;
        oidc.SignInScheme = CookieScheme;
        oidc.CallbackPath = DashboardPath + "/signin-oidc";
        oidc.SignedOutCallbackPath = DashboardPath + "/signout-callback-oidc";
        oidc.GetClaimsFromUserInfoEndpoint = true;
        oidc.Scope.Add("profile");
        oidc.TokenValidationParameters.NameClaimType = auth.NameClaim;
        oidc.TokenValidationParameters.RoleClaimType = auth.RoleClaim;
    }

    private static byte[]? SafeKey(OperationsAuthOptions auth)
    {
        try
        {
            return auth.ResolveSigningKey();
        }
        catch (Exception ex) when (ex is FormatException or IOException)
        {
            return null; // reported by the validator at start
        }
    }
}
