using System.CommandLine;
using System.Net.Http.Headers;

namespace EcommerceLake.Cli.Operations;

/// <summary>
/// The options every verb that talks to a deployment shares: <c>--api</c> (default <c>$LAKE_API</c>, else
/// <c>http://127.0.0.1:8080/</c>), and the credentials: <c>--token</c> (a bearer token from the operations API's
/// issuer, default <c>$LAKE_TOKEN</c>) or <c>--api-key</c> (default <c>$LAKE_API_KEY</c>, sent as
/// <c>X-Api-Key</c>). Without either, calls go out unauthenticated (what a <c>lake serve --local-only</c> accepts on
/// loopback).
/// </summary>
public sealed class ApiConnection
{
    /// <summary><c>--api</c>.</summary>
    public Option<string> Api { get; } = new("--api")
    {
        Description = "The orchestrator's operations API (an absolute http or https URL; env LAKE_API).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LAKE_API") is { Length: > 0 } api
            ? api : "http://127.0.0.1:8080/",
    };

    /// <summary><c>--token</c>.</summary>
    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Bearer token from the API's issuer (env LAKE_TOKEN).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LAKE_TOKEN"),
    };

    /// <summary><c>--api-key</c>.</summary>
    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "API key for automation, sent as X-Api-Key (env LAKE_API_KEY).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LAKE_API_KEY"),
    };

    /// <summary>Creates the options, with the URL check on <c>--api</c>.</summary>
    public ApiConnection()
    {
        Api.Validators.Add(result =>
        {
            if (!Uri.TryCreate(result.GetValueOrDefault<string>(), UriKind.Absolute, out _))
                result.AddError("--api must be an absolute URL, for example http://127.0.0.1:8080/.");
        });
    }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Api);
        command.Options.Add(Token);
        command.Options.Add(ApiKey);
    }

    /// <summary>An HttpClient on the API with the credentials of <paramref name="parse"/>; the caller disposes it.
    /// </summary>
    public HttpClient CreateClient(ParseResult parse)
    {
        var api = parse.GetValue(Api)!;
        var http = new HttpClient { BaseAddress = new Uri(api.EndsWith('/') ? api : api + "/") };
        if (parse.GetValue(Token) is { Length: > 0 } token)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        else if (parse.GetValue(ApiKey) is { Length: > 0 } key)
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }
}
