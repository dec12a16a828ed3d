using Microsoft.Extensions.Logging;

namespace EcommerceLake.DemoSources.ReviewApi;

/// <summary>Settings of the demo review API (<see cref="ReviewApiServer"/>).</summary>
public sealed class ReviewApiServerOptions
{
    /// <summary>PostgreSQL connection string of the database that holds <see cref="ReviewApiSchema.Table"/>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The OAuth 2.0 client id the token endpoint accepts.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The client secret that goes with <see cref="ClientId"/>.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>Largest <c>limit</c> a page request may ask for; a larger one is answered 400. Default 1 000.</summary>
    public int MaxPageSize { get; set; } = 1_000;

    /// <summary>Lifetime of an issued access token (<c>expires_in</c>). Default 1 hour.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>TCP port on 127.0.0.1; 0 (the default) takes any free port, see
    /// <see cref="ReviewApiServer.BaseAddress"/>.</summary>
    public int Port { get; set; }

    /// <summary>Clock that decides when tokens expire. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Where the server logs failed page reads; null (the default) logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
